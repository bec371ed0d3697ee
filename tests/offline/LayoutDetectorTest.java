package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detection from file names alone: which layout, where the gather's image folder is, and why. */
class LayoutDetectorTest {

    private static final Path ROOT = Path.of("/cases/INC-4711");

    @Test
    void anInterconnectMustGatherIsFoundBelowItsWrapperFolders() {
        Detection d = detect("must-gather.local.5463/quay-io-ocp-sha256-4b1f/timestamp",
                "must-gather.local.5463/quay-io-ocp-sha256-4b1f/network_logs/ovnk_database_store.tar.gz",
                "must-gather.local.5463/quay-io-ocp-sha256-4b1f/namespaces/default/core/pods.yaml",
                "must-gather.local.5463/quay-io-ocp-sha256-4b1f/cluster-scoped-resources/core/nodes/ovn-worker.yaml",
                "must-gather.local.5463/event-filter.html");

        Path image = ROOT.resolve("must-gather.local.5463/quay-io-ocp-sha256-4b1f");
        assertEquals(new Detection(image, new ObjectLayout.InspectTree(image),
                new DatabaseLayout.InterconnectStore(image.resolve("network_logs/ovnk_database_store.tar.gz"), true)), d);
        assertTrue(d.why().startsWith("interconnect must-gather: " + image.resolve("network_logs/ovnk_database_store.tar.gz")), d.why());
    }

    @Test
    void theImageWithNetworkLogsWinsOverAnotherImagesObjects() {
        Detection d = detect("must-gather.local.1/a-odf-image/namespaces/openshift-storage/core/pods.yaml",
                "must-gather.local.1/b-ocp-image/namespaces/default/core/pods.yaml",
                "must-gather.local.1/b-ocp-image/network_logs/ovnk_database_store/ovnkube-node-7xk2p_nbdb");

        assertEquals(ROOT.resolve("must-gather.local.1/b-ocp-image"), d.imageDir());
        assertEquals(new DatabaseLayout.InterconnectStore(ROOT.resolve("must-gather.local.1/b-ocp-image/network_logs/ovnk_database_store"), false),
                d.databases());
    }

    @Test
    void leaderDatabasesMakeACentralMustGather() {
        Detection d = detect("network_logs/leader_nbdb.gz", "network_logs/leader_sbdb.gz", "network_logs/leader_ovnnb_status",
                "namespaces/default/default.yaml");

        assertEquals(new DatabaseLayout.CentralLeaders(ROOT.resolve("network_logs/leader_nbdb.gz"), ROOT.resolve("network_logs/leader_sbdb.gz")),
                d.databases());
        assertEquals(new ObjectLayout.InspectTree(ROOT), d.objects());
    }

    @Test
    void aPlainFolderHasZoneNamedDatabasesAndLooseObjects() {
        Detection d = detect("objects/pods.yaml", "objects/nodes.json", "dbs/zone-a_nbdb.db", "dbs/zone-a_sbdb.db", "dbs/conf.db");

        assertEquals(new ObjectLayout.LooseFiles(ROOT), d.objects());
        assertEquals(new DatabaseLayout.ZoneFiles(List.of(ROOT.resolve("dbs/zone-a_nbdb.db"), ROOT.resolve("dbs/zone-a_sbdb.db")), false),
                d.databases(), "an OVS conf.db is not an OVN database");
    }

    @Test
    void thePodsOwnFileNamesMakeOneZone() {
        Detection d = detect("dump.yaml", "ovnnb_db.db", "ovnsb_db.db");

        assertEquals(new DatabaseLayout.ZoneFiles(List.of(ROOT.resolve("ovnnb_db.db"), ROOT.resolve("ovnsb_db.db")), true), d.databases());
    }

    @Test
    void nothingThatLooksLikeADatabaseIsRefused() {
        OfflineInputException e = assertThrows(OfflineInputException.class, () -> detect("namespaces/default/core/pods.yaml", "network_logs/ip_a"));
        assertTrue(e.getMessage().startsWith("no OVN databases in " + ROOT), e.getMessage());
    }

    private static Detection detect(String... files) {
        return LayoutDetector.detect(ROOT, Arrays.stream(files).map(Path::of).toList());
    }
}
