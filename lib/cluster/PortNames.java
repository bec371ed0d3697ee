package ovntrace.lib.cluster;

/** The OVN port names ovn-kubernetes derives from a node name (default network), as the tracer looks them up. */
public final class PortNames {

    /** The management port's OVS interface: a host-network pod's MAC, interface and ofport are its. */
    public static final String MGMT_PORT = "ovn-k8s-mp0";

    private PortNames() {}

    /** Cluster router → node switch; its MAC is the pod's first-hop {@code eth.dst}. */
    public static String routerToSwitch(String node) {
        return "rtos-" + node;
    }

    /** Cluster router → transit switch (interconnect); its MAC is the remote trace's {@code eth.dst}. */
    public static String routerToTransit(String node) {
        return "rtots-" + node;
    }

    /** Transit switch → cluster router: where a packet from that node enters another zone. */
    public static String transitToRouter(String node) {
        return "tstor-" + node;
    }

    /** The management port's logical switch port: a host-network pod's way into OVN. */
    public static String management(String node) {
        return "k8s-" + node;
    }

    /** The node's gateway router: SNATs a pod's traffic out of the cluster and un-SNATs the replies. */
    public static String gatewayRouter(String node) {
        return "GR_" + node;
    }

    /** The switch between the gateway router and the node network; the reply from outside enters OVN there. */
    public static String externalSwitch(String node) {
        return "ext_" + node;
    }

    /** The localnet port of {@code bridge} (e.g. breth0) on the node's external switch. */
    public static String localnet(String bridge, String node) {
        return bridge + "_" + node;
    }
}
