package ovntrace.lib.trace;

/** The step descriptions upstream prints, and ovntrace's own, which never collide with them. */
public final class StepLabels {

    public static final String SRC_TO_DST = "source pod to destination pod";
    public static final String DST_TO_SRC = "destination pod to source pod";
    public static final String TO_SERVICE = "source pod to service clusterIP";
    public static final String REMOTE = "(remote) ";
    /** ovntrace's reply leg: {@code "ovn-trace reply destination pod to source pod"}. */
    public static final String REPLY = "reply ";
    /** ovntrace's request leg: {@code "ovn-trace request pod to IP"}. */
    public static final String REQUEST = "request ";
    /** A pod's connection to an external IP: upstream says "pod to IP" and "pod to external IP"; ovntrace's own steps this. */
    public static final String POD_TO_IP = "pod to IP", IP_TO_POD = "IP to pod";
    /** Steps on the node a tunnelled packet arrives on. */
    public static final String RECEIVING = "(receiving) ";
    /** Prefix of ovntrace's extra new-connection checks. */
    public static final String NEW_CONNECTION = "ovn-trace --ct=new ";

    private StepLabels() {}

    public static String direction(Leg d) {
        return d.fromSource() ? SRC_TO_DST : DST_TO_SRC;
    }
}
