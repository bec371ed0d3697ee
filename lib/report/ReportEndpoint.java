package ovntrace.report;

/**
 * One end of the trace: {@code kind} is {@code pod}, {@code host-network-pod} or {@code external-ip};
 * {@code display} is {@code ns/name} for pods and the address for an IP. Unknown values are empty strings.
 * {@code network} and {@code topology} name a pod's primary user-defined network ({@code layer3}, {@code layer2});
 * for the default network they are empty. Added in schema version 2 without a version change: older readers ignore
 * them, and reports written before them read as the default network.
 */
public record ReportEndpoint(String kind, String display, String namespace, String name, String node, String zone,
                             String ip, String mac, String ovsInterface, String ofport,
                             String network, String topology) {

    public ReportEndpoint(String kind, String display, String namespace, String name, String node, String zone,
                          String ip, String mac, String ovsInterface, String ofport) {
        this(kind, display, namespace, name, node, zone, ip, mac, ovsInterface, ofport, "", "");
    }

    /** Reports written before the field have none: read as the default network. */
    public ReportEndpoint {
        network = network == null ? "" : network;
        topology = topology == null ? "" : topology;
    }
}
