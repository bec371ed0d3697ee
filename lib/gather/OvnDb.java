package ovntrace.gather;

import java.nio.file.Path;
import ovntrace.ovn.Zone;

/**
 * A zone's two databases, with the names the must-gather scripts derive from their one-letter loop variable
 * ({@code for DB in "n" "s"}): {@code <pod>_nbdb}, {@code leader_sbdb}, {@code leader_ovnnb_status}.
 */
public enum OvnDb {
    NB("n", "OVN_Northbound"),
    SB("s", "OVN_Southbound");

    private final String letter;
    private final String schema;

    OvnDb(String letter, String schema) {
        this.letter = letter;
        this.schema = schema;
    }

    /** {@code nbdb} or {@code sbdb}, the suffix of every saved file. */
    public String fileSuffix() {
        return letter + "bdb";
    }

    /** The database name inside the file and on the server: {@code OVN_Northbound}, {@code OVN_Southbound}. */
    public String schema() {
        return schema;
    }

    public Path socket(Zone zone) {
        return this == NB ? zone.nbSocket() : zone.sbSocket();
    }
}
