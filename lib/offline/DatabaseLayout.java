package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the OVN databases are in the input, one record per layout the reader knows. Each says why it was chosen, so
 * a user whose input is read the wrong way sees which file decided it.
 */
public sealed interface DatabaseLayout {

    String why();

    /**
     * An interconnect must-gather: {@code network_logs/ovnk_database_store.tar.gz} (or the folder the script tars,
     * when it was extracted) holding {@code <ovnkube-node pod>_nbdb} and {@code _sbdb}; a file's zone is its pod's
     * node's zone.
     */
    record InterconnectStore(Path store, boolean archived) implements DatabaseLayout {
        public String why() {
            return "interconnect must-gather: " + store + (archived ? "" : " (extracted)");
        }
    }

    /** A central must-gather: the raft leaders' {@code network_logs/leader_nbdb.gz} and {@code leader_sbdb.gz}; one zone. */
    record CentralLeaders(Path nb, Path sb) implements DatabaseLayout {
        public String why() {
            return "central must-gather: " + nb + " and " + sb;
        }
    }

    /**
     * A plain folder: {@code <zone>_nbdb.db}/{@code <zone>_sbdb.db} per zone, or {@code ovnnb_db.db}/{@code ovnsb_db.db}
     * (the names inside an ovnkube pod) for one zone serving every node.
     */
    record ZoneFiles(List<Path> files, boolean singleZone) implements DatabaseLayout {
        public ZoneFiles {
            files = List.copyOf(files);
        }

        public String why() {
            return "plain folder: " + files.size() + " database file(s)" + (singleZone ? " for one zone (ovnnb_db.db/ovnsb_db.db)" : " named <zone>_nbdb.db/<zone>_sbdb.db");
        }
    }
}
