package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's debug listing of the cluster's nodes (at -loglevel 5): each node with its addresses and whether it is
 * a control-plane node, and a warning when there are fewer than three of those.
 */
public final class NodeListing {

    private NodeListing() {}

    public static List<String> lines(List<Node> nodes) {
        List<String> lines = new ArrayList<>();
        int controlPlane = 0;
        for (Node n : nodes) {
            boolean cp = isControlPlane(n);
            if (cp) controlPlane++;
            List<String> addresses = n.getStatus() == null || n.getStatus().getAddresses() == null ? List.of()
                    : n.getStatus().getAddresses().stream().map(NodeListing::address).toList();
            lines.add("Node " + n.getMetadata().getName() + (cp ? " (control plane)" : "") + ": " + String.join(", ", addresses));
        }
        if (controlPlane < 3) lines.add("Cluster does not have 3 masters, found " + controlPlane);
        return lines;
    }

    static boolean isControlPlane(Node n) {
        Map<String, String> labels = n.getMetadata().getLabels();
        return labels != null && (labels.containsKey("node-role.kubernetes.io/master")
                || labels.containsKey("node-role.kubernetes.io/control-plane"));
    }

    private static String address(NodeAddress a) {
        return a.getType() + " " + a.getAddress();
    }
}
