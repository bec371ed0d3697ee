package ovntrace.lib.trace;

/**
 * One end of a trace as found in the cluster. For an external IP only {@code ip} is set; for pods the OVS interface
 * and ofport come from the node's Open_vSwitch database (the management port {@code ovn-k8s-mp0} for host-network
 * pods). {@code zone} is the OVN interconnect zone, or empty on a central cluster.
 */
public record Endpoint(Kind kind, String namespace, String name, String node, String zone, String ip, String mac,
                       String ovsInterface, String ofport, String network, String topology) {

    public enum Kind { POD, HOST_NETWORK_POD, EXTERNAL_IP }

    /**
     * An end on the default network: {@code network} and {@code topology} name a pod's primary user-defined network
     * and its topology ({@code layer3}, {@code layer2}), empty for the default network.
     */
    public Endpoint(Kind kind, String namespace, String name, String node, String zone, String ip, String mac,
                    String ovsInterface, String ofport) {
        this(kind, namespace, name, node, zone, ip, mac, ovsInterface, ofport, "", "");
    }

    public static Endpoint externalIp(String ip) {
        return new Endpoint(Kind.EXTERNAL_IP, "", ip, "", "", ip, "", "", "");
    }

    public boolean hostNetwork() {
        return kind == Kind.HOST_NETWORK_POD;
    }

    /** {@code namespace/name} for pods, the address for an external IP. */
    public String display() {
        return kind == Kind.EXTERNAL_IP ? ip : namespace + "/" + name;
    }
}
