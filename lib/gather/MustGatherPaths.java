package ovntrace.gather;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import ovntrace.lib.cluster.DbRole;
import ovntrace.ovn.OvnVersion;

/**
 * Where a must-gather puts things, as the real tools name them, relative to the gather's image directory unless
 * said otherwise. Sources: openshift/oc {@code pkg/cli/admin/mustgather} (the local and image directories),
 * {@code pkg/cli/admin/inspect} ({@code dirPathForInfo}, {@code filenameForInfo}, {@code gatherNamespaceData},
 * {@code gatherPodData}: lists per namespace and group, single objects per cluster-scoped resource), and
 * openshift/must-gather {@code collection-scripts/gather_network_logs_basics} (the OVN databases).
 */
public final class MustGatherPaths {

    public static final String NETWORK_LOGS = "network_logs";
    public static final String DATABASE_STORE = "ovnk_database_store";
    private static final String NAMESPACES = "namespaces";
    private static final String CLUSTER_SCOPED = "cluster-scoped-resources";

    private MustGatherPaths() {}

    /** oc's default destination: {@code must-gather.local.%06d} of a random non-negative 63-bit number. */
    public static String localDirName(long random) {
        return String.format(Locale.ROOT, "must-gather.local.%06d", random & Long.MAX_VALUE);
    }

    /** oc names the directory below it after the gather image's ID, every run of non-alphanumerics made a dash. */
    public static String imageDirName(String imageId) {
        return imageId.replaceAll("[^A-Za-z0-9]+", "-");
    }

    /** A made-up but stable image ID for the sandbox's gather: one digest per OVN version. */
    public static String sandboxImageId(OvnVersion version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ovntrace-sandbox OVN " + version.label()).getBytes(StandardCharsets.UTF_8));
            return "quay.io/openshift/ovntrace-sandbox@sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The namespace object itself: {@code namespaces/<ns>/<ns>.yaml}. */
    public static Path namespaceFile(String namespace) {
        return Path.of(NAMESPACES, namespace, namespace + ".yaml");
    }

    /** A namespace's objects of one kind, as one List: {@code namespaces/<ns>/<group|core>/<resource>.yaml}. */
    public static Path listFile(String namespace, InspectKind kind) {
        requireNamespaced(kind, true);
        return Path.of(NAMESPACES, namespace, kind.groupDir(), kind.resource() + ".yaml");
    }

    /** A cluster-scoped object: {@code cluster-scoped-resources/<group|core>/<resource>/<name>.yaml}. */
    public static Path clusterScopedFile(InspectKind kind, String name) {
        requireNamespaced(kind, false);
        return Path.of(CLUSTER_SCOPED, kind.groupDir(), kind.resource(), name + ".yaml");
    }

    /** The copy of each pod that oc's pod gathering writes next to its logs: {@code namespaces/<ns>/pods/<pod>/<pod>.yaml}. */
    public static Path podFile(String namespace, String pod) {
        return Path.of(NAMESPACES, namespace, "pods", pod, pod + ".yaml");
    }

    /** Interconnect: one node's database, {@code network_logs/ovnk_database_store/<ovnkube-node pod>_nbdb}. */
    public static Path nodeDatabase(String ovnkubePod, DbRole db) {
        return Path.of(NETWORK_LOGS, DATABASE_STORE, ovnkubePod + "_" + db.fileSuffix());
    }

    /** Interconnect: what remains of the store once the script has tarred it (with {@code --remove-files}). */
    public static Path databaseStoreArchive() {
        return Path.of(NETWORK_LOGS, DATABASE_STORE + ".tar.gz");
    }

    /** Central: the RAFT leader's database, gzipped: {@code network_logs/leader_nbdb.gz}. */
    public static Path leaderDatabase(DbRole db) {
        return Path.of(NETWORK_LOGS, "leader_" + db.fileSuffix() + ".gz");
    }

    private static void requireNamespaced(InspectKind kind, boolean namespaced) {
        if (kind.namespaced() != namespaced) {
            throw new IllegalArgumentException(kind.kind() + " is " + (kind.namespaced() ? "" : "not ") + "namespaced");
        }
    }
}
