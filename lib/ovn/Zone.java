package ovntrace.ovn;

import java.nio.file.Path;
import java.util.List;
import ovntrace.topology.NodeSpec;

/**
 * One OVN control plane (NB and SB ovsdb-server, ovn-northd) and the nodes it serves: one zone per node in
 * interconnect mode, named after the node, or a single zone "central" serving every node.
 */
public record Zone(String name, Path dir, List<NodeSpec> nodes, boolean interconnect) {

    public Zone {
        nodes = List.copyOf(nodes);
    }

    public Path nbDir() {
        return dir.resolve("nb");
    }

    public Path sbDir() {
        return dir.resolve("sb");
    }

    public Path northdDir() {
        return dir.resolve("northd");
    }

    public Path nbSocket() {
        return nbDir().resolve("ovnnb_db.sock");
    }

    public Path sbSocket() {
        return sbDir().resolve("ovnsb_db.sock");
    }

    public String nbRemote() {
        return "unix:" + nbSocket();
    }

    public String sbRemote() {
        return "unix:" + sbSocket();
    }

    public boolean serves(String node) {
        return nodes.stream().anyMatch(n -> n.name().equals(node));
    }
}
