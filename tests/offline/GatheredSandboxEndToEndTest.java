package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.gather.MustGather;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.support.Sandboxes;

/**
 * The two halves of offline tracing meet: what {@code ovntrace-sandbox gather} writes of a running local cluster, the
 * offline reader reads back, on every OVN version and mode: as a folder with standalone databases, and as a support
 * case upload (one {@code .tar.gz}, clustered databases as on OpenShift). Every node has its zone's databases, the
 * objects the tracer needs are all there, and the reader's copies are gone once it is closed.
 */
class GatheredSandboxEndToEndTest {

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#clusters")
    void a_gathered_folder_reads_back_with_every_node_in_its_zone(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        MustGather.Result gathered = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });

        Path copies;
        try (Gathered g = OfflineReader.read(tmp.resolve("mg"))) {
            copies = g.workDir();
            readsBackAsTheSandboxIs(sb, g);
            if (sb.mode() == ClusterMode.IC) {
                assertInstanceOf(DatabaseLayout.InterconnectStore.class, g.detection().databases(), g.detection().why());
            } else {
                assertInstanceOf(DatabaseLayout.CentralLeaders.class, g.detection().databases(), g.detection().why());
            }
            assertTrue(g.detection().imageDir().equals(gathered.root()), g.detection().why());
        }
        assertFalse(Files.exists(copies), "closing the snapshot removes the reader's copies");
    }

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#clusters")
    void a_compressed_upload_with_clustered_databases_reads_back_the_same(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        MustGather.Result upload = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("case"), true, true), line -> { });

        try (Gathered g = OfflineReader.read(upload.archive())) {
            readsBackAsTheSandboxIs(sb, g);
        }
    }

    private static void readsBackAsTheSandboxIs(Sandboxes.Sandbox sb, Gathered g) {
        assertEquals(sb.mode(), g.mode());
        Map<String, String> zoneOfNode = new TreeMap<>();
        for (String node : sb.nodes()) {
            ZoneDatabases z = g.zoneOf(node).orElseThrow(() -> new AssertionError(node + " has no zone in " + g.zones()));
            zoneOfNode.put(node, z.zone());
            assertTrue(Files.isRegularFile(z.nb()) && Files.isRegularFile(z.sb()), z.toString());
            assertTrue(z.nb().startsWith(g.workDir()) && z.sb().startsWith(g.workDir()), "copies, never the gathered files");
        }
        int zones = sb.mode() == ClusterMode.IC ? sb.nodes().size() : 1;
        assertEquals(zones, g.zones().size(), zoneOfNode.toString());
        assertEquals(zones, zoneOfNode.values().stream().distinct().count(), zoneOfNode.toString());

        KubeObjects o = g.objects();
        assertEquals(sb.topology().pods().size(), o.pods().stream()
                .filter(p -> !p.namespace().equals("ovn-kubernetes")).count(), "every application pod, once");
        assertEquals(sb.nodes().size(), o.nodes().size());
        assertTrue(o.pod("shop", "api-0").isPresent() && o.pod("restricted", "db-0").isPresent());
        assertEquals(sb.topology().services().size(), o.services().size());
        assertEquals(sb.topology().policies().size(), o.networkPolicies().size());
        List<String> anps = o.customResources(CustomResource.ADMIN_NETWORK_POLICY).stream()
                .map(r -> r.getMetadata().getName()).sorted().collect(Collectors.toList());
        assertEquals(List.of("allow-monitoring", "deny-dev-to-db", "pass-dev"), anps);
        assertEquals(1, o.customResources(CustomResource.EGRESS_FIREWALL).size());
    }
}
