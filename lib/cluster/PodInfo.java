package ovntrace.lib.cluster;

/**
 * A pod as the Kubernetes API describes it: where it runs, its IP of the traced family, and (for pods on the
 * cluster network) the MAC from the {@code k8s.ovn.org/pod-networks} annotation.
 */
public record PodInfo(PodRef ref, String node, boolean hostNetwork, String ip, Fact<String> annotationMac) {

    public AddressFamily family() {
        return AddressFamily.of(ip);
    }
}
