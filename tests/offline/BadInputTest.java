package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.DbRole;
import ovntrace.support.OfflineLeftovers;

/** Every input the reader refuses: one line saying what is wrong and what to do, and no temporary folder left. */
class BadInputTest {

    @TempDir
    Path dir;

    private OfflineLeftovers leftovers;

    @BeforeEach
    void watch(@TempDir Path runs) {
        leftovers = OfflineLeftovers.watch(runs.resolve("tmp"));
    }

    @AfterEach
    void nothingIsLeftBehind() {
        try (OfflineLeftovers l = leftovers) {
            assertEquals(Set.of(), l.left(), "a failed read removes its temporary folder");
        }
    }

    @Test
    void aMissingDirectory() {
        assertRefused(dir.resolve("no-such-gather"), "no such directory or archive: " + dir.resolve("no-such-gather"));
    }

    @Test
    void aDirectoryWithoutDatabases() {
        TwoNodeCluster.inspectTree(dir);
        assertRefused(dir, "no OVN databases in " + dir, "ovntrace-sandbox gather");
    }

    @Test
    void aNorthboundWithoutItsSouthbound() {
        TwoNodeCluster.inspectTree(dir);
        Path nb = Gathers.standalone(dir.resolve("db/ovn-worker_nbdb.db"), DbRole.NB, "ovn-worker");
        assertRefused(dir, "the NB database " + nb + " of zone ovn-worker has no SB database beside it", "add the SB file");
    }

    @Test
    void aCentralLeaderWithoutItsNorthbound() {
        TwoNodeCluster.inspectTree(dir);
        Path sb = Gathers.gzip(Gathers.clustered(dir.resolve("sb.db"), DbRole.SB, null), mkdirs(dir.resolve("network_logs")).resolve("leader_sbdb.gz"));
        assertRefused(dir, "the SB database " + sb + " of the central leader has no NB database");
    }

    @Test
    void aDatabaseForAZoneNoNodeBelongsTo() {
        TwoNodeCluster.inspectTree(dir);
        Path nb = zoneFiles(dir, "ovn-worker3");
        assertRefused(dir, "database file " + nb + " is for zone 'ovn-worker3', which no gathered node belongs to (the nodes' zones: ovn-worker, ovn-worker2)");
    }

    @Test
    void aDatabaseWhoseNorthboundNamesAnotherZone() {
        TwoNodeCluster.inspectTree(dir);
        Path nb = Gathers.standalone(dir.resolve("ovn-worker_nbdb.db"), DbRole.NB, "ovn-worker2");
        Gathers.standalone(dir.resolve("ovn-worker_sbdb.db"), DbRole.SB, null);
        zoneFiles(dir, "ovn-worker2");
        assertRefused(dir, "database file " + nb + " names zone 'ovn-worker2' in NB_Global but its node is in zone 'ovn-worker'");
    }

    @Test
    void aCorruptDatabaseFile() throws IOException {
        TwoNodeCluster.inspectTree(dir);
        zoneFiles(dir, "ovn-worker2");
        Path nb = Files.writeString(dir.resolve("ovn-worker_nbdb.db"), "this is not an OVSDB file\n");
        Gathers.standalone(dir.resolve("ovn-worker_sbdb.db"), DbRole.SB, null);
        assertRefused(dir, "database file " + nb + " is corrupt or truncated (ovsdb-tool: ovsdb error: unexpected file format)");
    }

    @Test
    void aTruncatedClusteredDatabaseFile() throws IOException {
        TwoNodeCluster.inspectTree(dir);
        Path store = TwoNodeCluster.databaseStore(dir, true);
        Path sb = store.resolve(TwoNodeCluster.OVNKUBE_PODS[1] + "_sbdb");
        byte[] whole = Files.readAllBytes(sb);
        Files.write(sb, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertRefused(dir, "database file " + sb + " is corrupt or truncated (ovsdb-tool: I/O error: ");
    }

    @Test
    void aTruncatedGzippedLeader() throws IOException {
        TwoNodeCluster.inspectTree(dir);
        Path logs = mkdirs(dir.resolve("network_logs"));
        Path nb = Gathers.gzip(Gathers.clustered(dir.resolve("nb.db"), DbRole.NB, null), logs.resolve("leader_nbdb.gz"));
        Gathers.gzip(Gathers.clustered(dir.resolve("sb.db"), DbRole.SB, null), logs.resolve("leader_sbdb.gz"));
        byte[] whole = Files.readAllBytes(nb);
        Files.write(nb, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertRefused(dir, "database file " + nb + " is corrupt or truncated (gzip: ");
    }

    @Test
    void aPodWithoutItsOvnKubernetesAnnotation() {
        TwoNodeCluster.inspectTree(dir);
        Gathers.write(dir.resolve("namespaces/default/pods/client/client.yaml"),
                TwoNodeCluster.client().replaceAll("(?m)^    k8s.ovn.org/pod-networks: .*\n", ""));
        Gathers.write(dir.resolve("namespaces/default/core/pods.yaml"), Gathers.list(TwoNodeCluster.server()));
        TwoNodeCluster.databaseStore(dir, false);
        assertRefused(dir, "pod default/client has no k8s.ovn.org/pod-networks annotation", "gather the objects again with their metadata");
    }

    @Test
    void aNodeWithoutItsSubnetsAnnotation() {
        TwoNodeCluster.inspectTree(dir);
        Gathers.write(dir.resolve("cluster-scoped-resources/core/nodes/ovn-worker2.yaml"),
                Gathers.node("ovn-worker2", "ovn-worker2").replaceAll("(?m)^    k8s.ovn.org/node-subnets: .*\n", ""));
        TwoNodeCluster.databaseStore(dir, false);
        assertRefused(dir, "node ovn-worker2 has no k8s.ovn.org/node-subnets annotation");
    }

    @Test
    void aPodWhoseNodeHasNoZoneDatabase() {
        TwoNodeCluster.inspectTree(dir);
        zoneFiles(dir, "ovn-worker");
        assertRefused(dir, "pod default/server runs on node ovn-worker2 whose zone 'ovn-worker2' has no databases in the input");
    }

    @Test
    void aStoreFileOfAnOvnkubePodThatWasNotGathered() {
        TwoNodeCluster.inspectTree(dir);
        Gathers.write(dir.resolve("namespaces/" + Gathers.OVNK_NS + "/core/pods.yaml"),
                Gathers.list(Gathers.ovnkubeNode(TwoNodeCluster.OVNKUBE_PODS[0], "ovn-worker")));
        Path store = TwoNodeCluster.databaseStore(dir, true);
        assertRefused(dir, "database file " + store.resolve(TwoNodeCluster.OVNKUBE_PODS[1] + "_nbdb") + " belongs to ovnkube-node pod "
                + TwoNodeCluster.OVNKUBE_PODS[1] + ", which is not among the gathered pods");
    }

    @Test
    void anUnparsableObjectFile() {
        TwoNodeCluster.inspectTree(dir);
        Path pods = Gathers.write(dir.resolve("namespaces/default/core/pods.yaml"), "items: [unclosed\n");
        TwoNodeCluster.databaseStore(dir, false);
        assertRefused(dir, "cannot read " + pods + ": while parsing a flow sequence at line 1, column ", "(fix the file or remove it)");
    }

    @Test
    void anArchiveWhoseEntryClimbsOutOfTheFolder() throws IOException {
        Path inner = mkdirs(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/evil"), "x");
        Path archive = dir.resolve("gather.tar.gz");
        Gathers.run(List.of(), "tar", "-P", "-zcf", archive.toString(), "-C", inner.toString(), "../evil");
        assertRefused(archive, "refusing archive " + archive + ": entry '../evil' would be written outside the directory");
    }

    private static Path zoneFiles(Path dir, String zone) {
        Gathers.standalone(dir.resolve(zone + "_sbdb.db"), DbRole.SB, null);
        return Gathers.standalone(dir.resolve(zone + "_nbdb.db"), DbRole.NB, zone);
    }

    private static void assertRefused(Path input, String... parts) {
        OfflineInputException e = assertThrows(OfflineInputException.class, () -> OfflineReader.read(input).close());
        for (String part : parts) assertTrue(e.getMessage().contains(part), "message\n  " + e.getMessage() + "\nlacks\n  " + part);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static Path mkdirs(Path d) {
        try {
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
