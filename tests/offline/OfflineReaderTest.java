package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.DbRole;
import ovntrace.lib.cluster.KubePod;

class OfflineReaderTest {

    @TempDir
    Path dir;

    @Test
    void anInterconnectMustGatherGivesOneStandaloneZonePerNodeAndLeavesTheGatherAsItWas() throws Exception {
        Path gather = TwoNodeCluster.interconnectMustGather(dir.resolve("gather"));
        Map<String, String> before = checksums(gather);

        Path work;
        try (Gathered g = OfflineReader.read(gather)) {
            work = g.workDir();
            assertInstanceOf(DatabaseLayout.InterconnectStore.class, g.detection().databases());
            assertInstanceOf(ObjectLayout.InspectTree.class, g.detection().objects());
            assertEquals(gather.resolve(TwoNodeCluster.IMAGE), g.detection().imageDir());
            assertEquals(ClusterMode.IC, g.mode());
            assertEquals(List.of("ovn-worker", "ovn-worker2"), g.zones().stream().map(ZoneDatabases::zone).toList());
            assertEquals(List.of("ovn-worker2"), g.zoneOf("ovn-worker2").orElseThrow().nodes());
            for (ZoneDatabases z : g.zones()) {
                assertTrue(z.nb().startsWith(work) && z.sb().startsWith(work), "copies live in the work folder");
                assertFalse(Gathers.isClustered(z.nb()), "converted to standalone: " + z.nb());
                assertFalse(Gathers.isClustered(z.sb()), "converted to standalone: " + z.sb());
            }
            assertEquals(List.of("client", "server", "ovnkube-node-7xk2p", "ovnkube-node-q9tzm"),
                    g.objects().pods().stream().map(KubePod::name).toList(), "each pod once, in file order");
            assertEquals(2, g.objects().nodes().size());
            assertEquals(2, g.objects().namespaces().size());
            assertEquals("10.96.0.20", g.objects().services().get(0).getSpec().getClusterIP());
            assertEquals("deny-all", g.objects().customResources(CustomResource.ADMIN_NETWORK_POLICY).get(0).getMetadata().getName());
            assertEquals(List.of(), g.objects().customResources(CustomResource.EGRESS_FIREWALL));
            assertTrue(g.ovn().root().isEmpty(), "the host's OVN wrote these files");
        }
        assertFalse(Files.exists(work), "close() removes the work folder");
        assertEquals(before, checksums(gather), "the gather is only read: no file changed, added or locked");
    }

    @Test
    void theWholeMustGatherAsATarGzIsExtractedIntoTheWorkFolder() throws Exception {
        Path gather = TwoNodeCluster.interconnectMustGather(dir.resolve("gather"));
        Path archive = Gathers.tarGz(dir.resolve("must-gather.tar.gz"), gather, TwoNodeCluster.IMAGE.split("/")[0]);

        try (Gathered g = OfflineReader.read(archive)) {
            assertTrue(g.detection().imageDir().startsWith(g.workDir()));
            assertEquals(2, g.zones().size());
            assertEquals(4, g.objects().pods().size());
        }
    }

    @Test
    void anExtractedDatabaseStoreIsReadInPlaceOfTheArchive() {
        Path image = dir.resolve("gather");
        TwoNodeCluster.inspectTree(image);
        TwoNodeCluster.databaseStore(image, true);

        try (Gathered g = OfflineReader.read(image)) {
            assertEquals(new DatabaseLayout.InterconnectStore(image.resolve("network_logs/ovnk_database_store"), false),
                    g.detection().databases());
            assertEquals(2, g.zones().size());
        }
    }

    @Test
    void aCentralMustGathersGzippedLeadersServeEveryNode() {
        Path image = dir.resolve("gather");
        TwoNodeCluster.inspectTree(image);
        Path logs = mkdirs(image.resolve("network_logs"));
        Gathers.gzip(Gathers.clustered(dir.resolve("nb.db"), DbRole.NB, null), logs.resolve("leader_nbdb.gz"));
        Gathers.gzip(Gathers.clustered(dir.resolve("sb.db"), DbRole.SB, null), logs.resolve("leader_sbdb.gz"));
        Gathers.write(logs.resolve("leader_ovnnb_status"), "Role: leader\n");

        try (Gathered g = OfflineReader.read(image)) {
            assertInstanceOf(DatabaseLayout.CentralLeaders.class, g.detection().databases());
            assertEquals(ClusterMode.CENTRAL, g.mode());
            assertEquals(1, g.zones().size());
            assertEquals("global", g.zones().get(0).zone());
            assertEquals(List.of("ovn-worker", "ovn-worker2"), g.zones().get(0).nodes());
            assertFalse(Gathers.isClustered(g.zones().get(0).nb()));
        }
    }

    @Test
    void aPlainFolderOfYamlJsonAndZoneNamedDatabaseFilesIsReadToo() {
        Path plain = dir.resolve("incident-4711");
        Gathers.write(plain.resolve("nodes.yaml"), Gathers.list(Gathers.node("ovn-worker", "zone-a"), Gathers.node("ovn-worker2", "zone-b")));
        Gathers.write(plain.resolve("pods/client.yaml"), TwoNodeCluster.client() + "---\n" + TwoNodeCluster.server());
        Gathers.write(plain.resolve("svc.json"), """
                {"apiVersion":"v1","kind":"ServiceList","items":[
                  {"metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"10.96.0.20","ports":[{"port":80}]}}]}
                """);
        for (String zone : List.of("zone-a", "zone-b")) {
            Gathers.standalone(plain.resolve("db/" + zone + "_nbdb.db"), DbRole.NB, zone);
            Gathers.standalone(plain.resolve("db/" + zone + "_sbdb.db"), DbRole.SB, zone);
        }

        try (Gathered g = OfflineReader.read(plain)) {
            assertInstanceOf(ObjectLayout.LooseFiles.class, g.detection().objects());
            assertInstanceOf(DatabaseLayout.ZoneFiles.class, g.detection().databases());
            assertEquals(List.of("zone-a", "zone-b"), g.zones().stream().map(ZoneDatabases::zone).toList());
            assertEquals(List.of("ovn-worker"), g.zones().get(0).nodes());
            assertEquals("web", g.objects().services().get(0).getMetadata().getName(), "a typed List's items need not repeat their kind");
            assertEquals(2, g.objects().pods().size());
        }
    }

    @Test
    void theDatabasesOfAPodNamedSingleZoneServeEveryNode() {
        Path plain = dir.resolve("dump");
        Gathers.write(plain.resolve("all.yaml"), Gathers.list(Gathers.node("ovn-worker", "global"), TwoNodeCluster.client()));
        Gathers.standalone(plain.resolve("ovnnb_db.db"), DbRole.NB, null);
        Gathers.standalone(plain.resolve("ovnsb_db.db"), DbRole.SB, null);

        try (Gathered g = OfflineReader.read(plain)) {
            assertEquals(ClusterMode.CENTRAL, g.mode());
            assertEquals(List.of("ovn-worker"), g.zones().get(0).nodes());
        }
    }

    @Test
    void databasesWrittenByOvn2503NeedItsRootAndSaySo() {
        assumeTrue(OvsdbTool.installAt(OvnInstall.ROOT_25_03).isPresent(), "OVN 25.03's root not built (ovntrace-sandbox prepare --ovn 25.03)");
        Path plain = dir.resolve("dump");
        Gathers.write(plain.resolve("all.yaml"), Gathers.list(Gathers.node("ovn-worker", "ovn-worker"), TwoNodeCluster.client()));
        Gathers.standaloneIn(OvnInstall.ROOT_25_03, plain.resolve("ovn-worker_nbdb.db"), DbRole.NB, "ovn-worker");
        Gathers.standaloneIn(OvnInstall.ROOT_25_03, plain.resolve("ovn-worker_sbdb.db"), DbRole.SB, "ovn-worker");

        try (Gathered g = OfflineReader.read(plain)) {
            assertEquals(OvnInstall.ROOT_25_03, g.ovn().root().orElseThrow());
            assertTrue(g.ovn().serves(DbRole.NB, "7.11.0"), g.ovn().describe());
        }
    }

    @Test
    void aNewerOvnsRootRunsTheToolOnCopiesInsideItAndCleansUp() throws IOException {
        OvnInstall root = OvsdbTool.installAt(OvnInstall.ROOT_25_03).orElse(null);
        assumeTrue(root != null, "OVN 25.03's root not built");
        Path db = Gathers.standaloneIn(OvnInstall.ROOT_25_03, dir.resolve("nb.db"), DbRole.NB, "zone-a");
        List<Path> tmpBefore = listing(OvnInstall.ROOT_25_03.resolve("tmp"));

        OvsdbTool tool = OvsdbTool.on(root);
        assertEquals(root.nbSchema(), tool.dbVersion(db, db));
        assertEquals("zone-a", tool.globalName(db, DbRole.NB, db));
        assertEquals(tmpBefore, listing(OvnInstall.ROOT_25_03.resolve("tmp")));
    }

    static Map<String, String> checksums(Path root) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path f : OfflineReader.files(root)) sums.put(f.toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(root.resolve(f)))));
        return sums;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
