package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.DbRole;
import ovntrace.support.OfflineLeftovers;

/**
 * {@code ovntrace --offline} on input it cannot trace: exactly one line on stderr saying what is wrong and what to do,
 * exit 1 (2 for a command line that cannot mean anything), nothing on stdout, no stack trace, and no database server or
 * temporary folder left behind.
 */
class OfflineCliBadInputTest {

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
            assertEquals(Set.of(), l.left(), "a refused offline run leaves no server and no folder");
        }
    }

    @Test
    void a_path_that_does_not_exist() {
        refused(1, trace(dir.resolve("no-such-gather")), "no such directory or archive: " + dir.resolve("no-such-gather"));
    }

    @Test
    void a_gather_without_databases() {
        TwoNodeCluster.inspectTree(dir);
        refused(1, trace(dir), "no OVN databases in " + dir);
    }

    @Test
    void a_database_for_a_zone_no_node_belongs_to() {
        TwoNodeCluster.inspectTree(dir);
        zoneFiles("ovn-worker");
        zoneFiles("ovn-worker2");
        Path stray = zoneFiles("ovn-worker3");
        refused(1, trace(dir), "database file " + stray + " is for zone 'ovn-worker3', which no gathered node belongs to");
    }

    @Test
    void a_corrupt_database() throws IOException {
        TwoNodeCluster.inspectTree(dir);
        zoneFiles("ovn-worker2");
        Path nb = Files.writeString(dir.resolve("ovn-worker_nbdb.db"), "this is not an OVSDB file\n");
        Gathers.standalone(dir.resolve("ovn-worker_sbdb.db"), DbRole.SB, null);
        refused(1, trace(dir), "database file " + nb + " is corrupt or truncated");
    }

    @Test
    void a_truncated_must_gather_archive() throws IOException {
        Path top = TwoNodeCluster.interconnectMustGather(dir.resolve("case"));
        Path archive = Gathers.tarGz(dir.resolve("must-gather.tar.gz"), top, TwoNodeCluster.IMAGE.split("/")[0]);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        refused(1, trace(archive), "cannot extract " + archive);
    }

    @Test
    void a_pod_without_its_ovn_kubernetes_annotation() {
        TwoNodeCluster.inspectTree(dir);
        Gathers.write(dir.resolve("namespaces/default/pods/client/client.yaml"),
                TwoNodeCluster.client().replaceAll("(?m)^    k8s.ovn.org/pod-networks: .*\n", ""));
        Gathers.write(dir.resolve("namespaces/default/core/pods.yaml"), Gathers.list(TwoNodeCluster.server()));
        TwoNodeCluster.databaseStore(dir, false);
        refused(1, trace(dir), "pod default/client has no k8s.ovn.org/pod-networks annotation");
    }

    @Test
    void a_pod_whose_node_has_no_zone_database() {
        TwoNodeCluster.inspectTree(dir);
        zoneFiles("ovn-worker");
        refused(1, trace(dir), "pod default/server runs on node ovn-worker2 whose zone 'ovn-worker2' has no databases");
    }

    @Test
    void a_source_pod_that_is_not_in_the_gather_is_named_as_online() {
        TwoNodeCluster.interconnectMustGather(dir);
        refused(1, OvntraceCli.run("--offline", dir.toString(), "-src", "nobody", "-dst", "server", "-tcp"),
                "pods \"nobody\" not found in namespace default (check -src and -src-namespace)");
    }

    @Test
    void offline_with_a_kubeconfig_or_the_vrf_dump_is_a_usage_error() {
        TwoNodeCluster.interconnectMustGather(dir);
        refused(2, OvntraceCli.run("--offline", dir.toString(), "-kubeconfig", "/root/.kube/config", "-src", "client",
                "-dst", "server", "-tcp"), "-kubeconfig cannot be used with it");
        refused(2, OvntraceCli.run("--offline", dir.toString(), "-dump-udn-vrf-table-ids"), "-dump-udn-vrf-table-ids cannot be used with it");
    }

    private static OvntraceCli.Run trace(Path input) {
        return OvntraceCli.run("--offline", input.toString(), "-src", "client", "-dst", "server", "-tcp", "-dst-port", "8080");
    }

    private static void refused(int exitCode, OvntraceCli.Run r, String part) {
        assertEquals(exitCode, r.exitCode(), r.describe());
        assertEquals(1, r.errorLines().size(), "one line on stderr\n" + r.describe());
        assertTrue(r.stderr().contains(part), "stderr lacks\n  " + part + "\n" + r.describe());
        assertFalse(r.stderr().contains("unexpected error") || r.stderr().contains("\tat "), r.describe());
        assertEquals("", r.stdout(), "no result lines for a run that did not trace");
    }

    private Path zoneFiles(String zone) {
        Gathers.standalone(dir.resolve(zone + "_sbdb.db"), DbRole.SB, null);
        return Gathers.standalone(dir.resolve(zone + "_nbdb.db"), DbRole.NB, zone);
    }
}
