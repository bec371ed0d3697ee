package ovntrace.lib.cluster;

/**
 * A pod as the Kubernetes API describes it: where it runs, its IP of the traced family, and (for pods on the
 * cluster network) the MAC from the {@code k8s.ovn.org/pod-networks} annotation. {@code network} is the network
 * those addresses are on, the one the trace runs on; {@code primary} the pod's primary network (they differ for a
 * pod on a primary UDN reached through its default-network port, role {@code infrastructure-locked}).
 */
public record PodInfo(PodRef ref, String node, boolean hostNetwork, String ip, Fact<String> annotationMac,
                      PodNetwork network, PodNetwork primary) {

    /** A pod on the default network. */
    public PodInfo(PodRef ref, String node, boolean hostNetwork, String ip, Fact<String> annotationMac) {
        this(ref, node, hostNetwork, ip, annotationMac, PodNetwork.DEFAULT, PodNetwork.DEFAULT);
    }

    public AddressFamily family() {
        return AddressFamily.of(ip);
    }

    /** Its logical switch port and OVS iface-id on {@link #network}. */
    public String logicalPort() {
        return network.podPort(ref);
    }
}
