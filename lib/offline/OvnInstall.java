package ovntrace.lib.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import ovntrace.lib.cluster.DbRole;

/**
 * The OVN installation whose tools can serve the gathered databases: the host's, or a newer OVN's root (the local
 * cluster's {@code /var/cache/ovntrace/root-25.03}) that the tools must run in. {@code nbSchema}/{@code sbSchema}
 * are the schema versions it installs, which a database file's version must not exceed.
 */
public record OvnInstall(Optional<Path> root, String nbSchema, String sbSchema) {

    public static final Path ROOT_25_03 = Path.of("/var/cache/ovntrace/root-25.03");

    /** How every ovntrace temporary folder's name starts. */
    public static final String TMP_PREFIX = "ovntrace-offline-";

    /**
     * How this process's folders in a root's {@code /tmp} are named: {@code ovntrace-offline-<pid>-}. Several ovntrace
     * processes share a root, and a folder left by one that was killed says whose it was.
     */
    public static String ownTmpPrefix() {
        return TMP_PREFIX + ProcessHandle.current().pid() + "-";
    }

    /** A new private folder in {@code root}'s {@code /tmp}, where a root's tools can reach it (sockets, copies). */
    static Path privateTmp(Path root) throws IOException {
        return Files.createTempDirectory(root.resolve("tmp"), ownTmpPrefix());
    }

    public String schema(DbRole role) {
        return role == DbRole.NB ? nbSchema : sbSchema;
    }

    /** True if this install's schema is at least the file's (x.y.z compared numerically). */
    public boolean serves(DbRole role, String fileSchema) {
        return compare(schema(role), fileSchema) >= 0;
    }

    public String describe() {
        return root.map(r -> "the OVN in " + r).orElse("the host's OVN") + " (NB schema " + nbSchema + ", SB " + sbSchema + ")";
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) return c;
        }
        return 0;
    }
}
