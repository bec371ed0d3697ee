package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.gather.MustGather;
import ovntrace.lib.cluster.Discovery;
import ovntrace.lib.cluster.KubePod;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceError;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.OfflineLeftovers;
import ovntrace.support.Sandboxes;

/**
 * The offline cluster over a real must-gather of the local sandbox, on every OVN version and mode: the engine's own
 * commands, addressed to a node's local sockets, reach that node's zone's copy through {@link OfflinePodExec}
 * (23.03 with the host's OVN, 25.03 chrooted into its root), and once closed nothing it started runs or stays on disk.
 */
class OfflineClusterEndToEndTest {

    private static final Duration T = Duration.ofSeconds(60);

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#clusters")
    void the_engines_commands_reach_each_zones_databases_and_nothing_is_left_after_close(Sandboxes.Cluster cluster, @TempDir Path tmp)
            throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("mg"), false, false), line -> { });

        List<String> phases = new ArrayList<>();
        long[] serving = new long[1];
        long start = System.nanoTime();
        OfflineCluster c = OfflineCluster.open(tmp.resolve("mg"), phase -> {
            phases.add(phase);
            serving[0] = System.nanoTime();
        });
        long end = System.nanoTime();
        Path work = c.gathered().workDir(), base = c.servers().base();
        List<Long> pids = c.servers().pids();
        try {
            int zones = c.gathered().zones().size();
            System.out.printf("%s: reading took %d ms, starting the servers of %d zone(s) %d ms%n", cluster,
                    Duration.ofNanos(serving[0] - start).toMillis(), zones, Duration.ofNanos(end - serving[0]).toMillis());
            assertEquals(cluster.version() == OvnVersion.V25_03, c.gathered().ovn().root().isPresent(), "25.03 is served from its root");
            assertEquals(List.of("reading the gathered cluster", "starting " + zones * 2 + " zone databases"), phases);
            assertEquals(sb.mode(), c.mode());
            assertEquals(zones * 2, pids.size());
            assertEquals(c.gathered().ovn().root().isPresent(), base.startsWith(OvnInstall.ROOT_25_03), base.toString());
            Discovery discovery = new Discovery(c.api(), null);
            for (ZoneDatabases zone : c.gathered().zones()) {
                for (String node : zone.nodes()) {
                    ExecTarget target = discovery.execTarget(node);
                    ExecResult bindings = c.exec().exec(target, "ovn-sbctl --db unix:/var/run/ovn/ovnsb_db.sock list Port_Binding", T);
                    assertEquals(0, bindings.exitCode(), bindings.stderr());
                    assertTrue(bindings.stdout().contains("rtos-" + node), node + "'s zone SB has its router port");
                    String trace = trace(c, target, node);
                    assertTrue(trace.contains("ingress(dp=\"" + node + "\""), trace);
                    assertTrue(trace.contains("output to"), trace);
                }
            }
        } finally {
            c.close();
        }
        c.close(); // idempotent
        pids.forEach(OvsdbServersTest::assertGone);
        OvsdbServersTest.assertNoProcessNames(work.toString());
        OvsdbServersTest.assertNoProcessNames(base.toString());
        assertFalse(Files.exists(work), "the copies are removed");
        assertFalse(Files.exists(base), "the servers' folders are removed");
    }

    @ParameterizedTest
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void a_compressed_upload_with_clustered_databases_serves_the_same(Sandboxes.Cluster cluster, @TempDir Path tmp) throws Exception {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = Sandboxes.of(cluster);
        MustGather.Result upload = MustGather.run(new MustGather.Request(sb.layout(), tmp.resolve("case"), true, true), line -> { });
        try (OfflineCluster c = OfflineCluster.open(upload.archive(), line -> { })) {
            String node = sb.nodes().get(0);
            ExecResult r = c.exec().exec(new Discovery(c.api(), null).execTarget(node),
                    "ovn-sbctl --db unix:/var/run/ovn/ovnsb_db.sock --bare --columns=logical_port find Port_Binding logical_port=rtos-" + node, T);
            assertEquals("rtos-" + node + "\n", r.stdout(), r.stderr());
        }
    }

    @Test
    void bad_input_is_one_trace_error_line_and_leaves_nothing(@TempDir Path tmp) {
        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(tmp.resolve("tmp"))) {
            TraceError e = org.junit.jupiter.api.Assertions.assertThrows(TraceError.class,
                    () -> OfflineCluster.open(tmp.resolve("missing"), line -> { }));
            assertEquals(TraceError.ERROR, e.exitCode());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith("no such directory or archive: " + tmp.resolve("missing")), e.getMessage());
            assertEquals(java.util.Set.of(), leftovers.left());
        }
    }

    /** An ovn-trace of a pod on {@code node} to its own router port, as the engine writes it (local socket). */
    private static String trace(OfflineCluster c, ExecTarget target, String node) throws Exception {
        KubePod pod = c.gathered().objects().pods().stream()
                .filter(p -> node.equals(p.nodeName()) && !p.hostNetwork())
                .findFirst().orElseThrow(() -> new AssertionError("no pod on " + node));
        String port = pod.namespace() + "_" + pod.name();
        String sbctl = "ovn-sbctl --db unix:/var/run/ovn/ovnsb_db.sock --bare --columns=mac list Port_Binding ";
        String[] self = c.exec().exec(target, sbctl + port, T).stdout().strip().split(" ");
        String[] router = c.exec().exec(target, sbctl + "rtos-" + node, T).stdout().strip().split(" ");
        String flow = "inport==\"" + port + "\" && eth.src==" + self[0] + " && eth.dst==" + router[0] + " && ip4.src==" + self[1]
                + " && ip4.dst==" + router[1].replaceFirst("/.*", "") + " && ip.ttl==64 && icmp4.type==8";
        ExecResult r = c.exec().exec(target, "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock " + node + " '" + flow + "'", T);
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout();
    }
}
