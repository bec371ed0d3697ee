package ovntrace.kubesim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/**
 * The ovnkube-node DaemonSet's pods: one per node in namespace {@code ovn-kubernetes}, label
 * {@code app=ovnkube-node}, with the containers ovn-kubernetes' manifests give the mode: interconnect
 * ({@code ovnkube-single-node-zone}): nb-ovsdb, sb-ovsdb, ovn-northd, ovnkube-controller, ovn-controller,
 * ovs-metrics-exporter; central ({@code ovnkube-node}): ovn-controller, ovnkube-node, ovs-metrics-exporter.
 */
public final class OvnkubePods {

    public static final String NAMESPACE = TopologyReader.OVN_NAMESPACE;
    public static final String APP_LABEL = "ovnkube-node";
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private OvnkubePods() {}

    public static List<String> containers(ClusterMode mode) {
        return mode == ClusterMode.IC
                ? List.of("nb-ovsdb", "sb-ovsdb", "ovn-northd", "ovnkube-controller", "ovn-controller", "ovs-metrics-exporter")
                : List.of("ovn-controller", "ovnkube-node", "ovs-metrics-exporter");
    }

    /** {@code ovnkube-node-} plus a 5-character suffix derived from the node name, as a DaemonSet would name it. */
    public static String podName(String node) {
        return "ovnkube-node-" + suffix(node);
    }

    /** The node whose ovnkube-node pod is called {@code pod}, if any. */
    public static java.util.Optional<String> nodeOf(Topology topology, String pod) {
        return topology.nodes().stream().map(n -> n.name()).filter(n -> podName(n).equals(pod)).findFirst();
    }

    /** A stable 5-character suffix from Kubernetes' name-generation alphabet. */
    static String suffix(String seed) {
        long h = 1125899906842597L;
        for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(SUFFIX_ALPHABET.charAt((int) Math.floorMod(h, SUFFIX_ALPHABET.length())));
            h = h / SUFFIX_ALPHABET.length() + 7919L * (i + 1);
        }
        return s.toString();
    }
}
