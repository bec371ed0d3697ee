package ovntrace.lib.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's debug listing of the cluster's nodes (at -loglevel 5): each node with its addresses and whether it is
 * a control-plane node, and a warning when there are fewer than three of those.
 */
public final class NodeListing {

    private NodeListing() {}

    public static List<String> lines(List<KubeNode> nodes) {
        List<String> lines = new ArrayList<>();
        int controlPlane = 0;
        for (KubeNode n : nodes) {
            boolean cp = n.controlPlane();
            if (cp) controlPlane++;
            List<String> addresses = n.addresses().stream().map(a -> a.type() + " " + a.address()).toList();
            lines.add("Node " + n.name() + (cp ? " (control plane)" : "") + ": " + String.join(", ", addresses));
        }
        if (controlPlane < 3) lines.add("Cluster does not have 3 masters, found " + controlPlane);
        return lines;
    }
}
