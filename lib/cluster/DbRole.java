package ovntrace.lib.cluster;

import java.util.Optional;

/**
 * Northbound or Southbound: every zone needs both, and the file names say which a file is. The one owner of the names
 * the must-gather scripts give the files ({@code <pod>_nbdb}, {@code leader_sbdb}), which the local cluster's
 * {@code gather} writes and the offline reader reads.
 */
public enum DbRole {
    NB("NB", "OVN_Northbound", "_nbdb", "ovnnb_db.db", "leader_nbdb", "NB_Global"),
    SB("SB", "OVN_Southbound", "_sbdb", "ovnsb_db.db", "leader_sbdb", "SB_Global");

    private final String label, schemaName, suffix, singleZoneName, leaderName, globalTable;

    DbRole(String label, String schemaName, String suffix, String singleZoneName, String leaderName, String globalTable) {
        this.label = label;
        this.schemaName = schemaName;
        this.suffix = suffix;
        this.singleZoneName = singleZoneName;
        this.leaderName = leaderName;
        this.globalTable = globalTable;
    }

    public String label() {
        return label;
    }

    /** The database name inside the file ({@code ovsdb-tool db-name}). */
    public String schemaName() {
        return schemaName;
    }

    /** The installed schema ovsdb-tool compares a file against: {@code /usr/share/ovn/ovn-nb.ovsschema}. */
    public String schemaFile() {
        return "/usr/share/ovn/ovn-" + name().toLowerCase(java.util.Locale.ROOT) + ".ovsschema";
    }

    public String globalTable() {
        return globalTable;
    }

    public DbRole other() {
        return this == NB ? SB : NB;
    }

    /** {@code nbdb} or {@code sbdb}: the scripts' {@code ${DB}bdb}, the end of every saved file's name. */
    public String fileSuffix() {
        return suffix.substring(1);
    }

    /** {@code leader_nbdb}: the central must-gather's name, before {@code .gz}. */
    public String leaderName() {
        return leaderName;
    }

    /** {@code ovnnb_db.db}: the name ovn-kubernetes gives the file in the pod, one zone. */
    public String singleZoneName() {
        return singleZoneName;
    }

    /** The owner (pod or zone) of a file named {@code <owner>_nbdb} (after any {@code .db}/{@code .gz} is dropped). */
    public static Optional<Owned> owned(String stem) {
        for (DbRole role : values()) {
            if (stem.endsWith(role.suffix) && stem.length() > role.suffix.length()) {
                return Optional.of(new Owned(stem.substring(0, stem.length() - role.suffix.length()), role));
            }
        }
        return Optional.empty();
    }

    public record Owned(String owner, DbRole role) {}
}
