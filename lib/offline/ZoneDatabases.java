package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.List;
import ovntrace.lib.cluster.DbRole;

/**
 * One OVN zone's databases as standalone copies in the reader's temporary folder (never the user's files), and the
 * nodes the zone serves: every node for a central cluster, the nodes annotated with the zone for interconnect.
 */
public record ZoneDatabases(String zone, List<String> nodes, Path nb, Path sb) {

    public ZoneDatabases {
        nodes = List.copyOf(nodes);
    }

    public Path file(DbRole role) {
        return role == DbRole.NB ? nb : sb;
    }
}
