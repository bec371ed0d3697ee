package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.ClusterMode;

/**
 * A gathered cluster, ready to trace offline: its objects, and per zone standalone copies of the NB and SB in
 * {@code workDir}, a temporary folder the caller owns; {@link #close()} removes it. {@code ovn} says whose OVN tools
 * (the host's or a newer OVN's root) can serve the copies.
 */
public record Gathered(Detection detection, ClusterMode mode, KubeObjects objects, List<ZoneDatabases> zones, OvnInstall ovn,
        Path workDir) implements AutoCloseable {

    public Gathered {
        zones = List.copyOf(zones);
    }

    /** The zone serving {@code node}: the only one of a central cluster, the node's own in interconnect. */
    public Optional<ZoneDatabases> zoneOf(String node) {
        return zones.stream().filter(z -> z.nodes().contains(node)).findFirst();
    }

    @Override
    public void close() {
        WorkDir.delete(workDir);
    }
}
