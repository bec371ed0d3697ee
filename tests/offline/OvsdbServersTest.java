package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.DbRole;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Private ovsdb-servers on tiny databases made with the host's (and, where built, 25.03's) ovsdb-tool: they answer the
 * clients, refuse writes, fail with one line naming the zone and file, and leave nothing running or on disk.
 */
class OvsdbServersTest {

    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void each_zone_is_served_read_only_and_nothing_is_left_after_close(@TempDir Path tmp) throws Exception {
        assumeTrue(OvsdbServers.tool(Optional.empty(), "ovsdb-server").isPresent(), "needs the host's ovsdb-server");
        List<ZoneDatabases> zones = List.of(zone(tmp, "ovn-worker", null), zone(tmp, "ovn-worker2", null));
        Path run = tmp.resolve("run");
        OvsdbServers servers = OvsdbServers.start(zones, Optional.empty(), run);
        List<Long> pids = servers.pids();
        try {
            assertEquals(4, pids.size());
            OfflinePodExec exec = new OfflinePodExec(Map.of("ovn-worker", servers.dir("ovn-worker"),
                    "ovn-worker2", servers.dir("ovn-worker2")), Optional.empty());
            ExecTarget worker2 = new ExecTarget("ovn-kubernetes", "ovnkube-node-ovn-worker2", "ovnkube-node", "ovn-worker2");
            ExecResult sb = exec.exec(worker2, "ovn-sbctl --db unix:/var/run/ovn/ovnsb_db.sock list Chassis && echo ok", T);
            assertEquals("ok\n", sb.stdout(), sb.stderr());
            ExecResult nb = exec.exec(worker2, "ovn-nbctl --db unix:/var/run/ovn/ovnnb_db.sock get NB_Global . name", T);
            assertEquals("ovn-worker2\n", nb.stdout(), "the zone's own NB: " + nb.stderr());
            ExecResult noDb = exec.exec(worker2, "ovn-nbctl get NB_Global . name", T);
            assertEquals("ovn-worker2\n", noDb.stdout(), "a client given no --db finds the zone's socket too: " + noDb.stderr());
            ExecResult write = exec.exec(worker2, "ovn-nbctl --db unix:/var/run/ovn/ovnnb_db.sock ls-add x", T);
            assertEquals(1, write.exitCode());
            assertTrue(write.stderr().contains("not allowed"), "the copies are served read-only: " + write.stderr());
        } finally {
            servers.close();
        }
        servers.close(); // idempotent
        pids.forEach(OvsdbServersTest::assertGone);
        assertFalse(Files.exists(run), "the servers' folder is removed");
        assertNoProcessNames(run.toString());
    }

    @Test
    void a_long_zone_name_still_gets_a_short_socket_path(@TempDir Path tmp) {
        String zone = "z".repeat(100);
        try (OvsdbServers servers = OvsdbServers.start(List.of(zone(tmp, zone, "n1")), Optional.empty(), tmp.resolve("run"))) {
            assertEquals(tmp.resolve("run/z0") + "/ovnsb_db.sock", servers.socket(zone, DbRole.SB));
            assertTrue(servers.socket(zone, DbRole.SB).length() < 108);
        }
    }

    @Test
    void a_database_that_cannot_be_served_is_one_line_naming_zone_and_file_and_nothing_is_left(@TempDir Path tmp) throws Exception {
        ZoneDatabases good = zone(tmp, "ovn-worker", null);
        ZoneDatabases bad = zone(tmp, "ovn-worker2", null);
        Files.writeString(bad.sb(), "OVSDB JSON 999 0123456789abcdef\n{not json");
        Path run = tmp.resolve("run");
        OfflineInputException e = assertThrows(OfflineInputException.class,
                () -> OvsdbServers.start(List.of(good, bad), Optional.empty(), run));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot serve zone 'ovn-worker2''s SB database (the gathered ovn-worker2_sbdb): ovsdb-server: ovsdb error: unexpected file format; "),
                e.getMessage());
        assertFalse(Files.exists(run), "the folder of the servers already started is removed");
        assertNoProcessNames(run.toString());
    }

    @Test
    void a_newer_ovns_root_serves_chrooted_with_its_folders_in_the_roots_tmp(@TempDir Path tmp) throws Exception {
        Path root = OvnInstall.ROOT_25_03;
        assumeTrue(OvsdbServers.isRoot() && Files.isExecutable(root.resolve("usr/sbin/ovsdb-server")), "needs root and " + root);
        Path nb = Gathers.standaloneIn(root, tmp.resolve("db/ovn-worker_nbdb.db"), DbRole.NB, "ovn-worker");
        Path sb = Gathers.standaloneIn(root, tmp.resolve("db/ovn-worker_sbdb.db"), DbRole.SB, null);
        withSbGlobal(List.of(), sb.toString());
        OvsdbServers servers = OvsdbServers.start(List.of(new ZoneDatabases("ovn-worker", List.of("ovn-worker"), nb, sb)),
                Optional.of(root), tmp.resolve("unused"));
        Path base = servers.base();
        List<Long> pids = servers.pids();
        try {
            assertTrue(base.startsWith(root.resolve("tmp")) && servers.dir("ovn-worker").startsWith("/tmp/ovntrace-offline-"), base.toString());
            OfflinePodExec exec = new OfflinePodExec(Map.of("ovn-worker", servers.dir("ovn-worker")), servers.root());
            ExecResult r = exec.exec(new ExecTarget("ns", "pod", "c", "ovn-worker"),
                    "ovn-nbctl --db unix:/var/run/ovn/ovnnb_db.sock get NB_Global . name; ovn-trace --version | head -1", T);
            assertEquals("ovn-worker", r.stdout().lines().findFirst().orElse(""), r.stderr());
            assertTrue(r.stdout().contains("ovn-trace (Open vSwitch) 25.03") || r.stdout().contains(" 25.03"), "the root's clients: " + r.stdout());
        } finally {
            servers.close();
        }
        pids.forEach(OvsdbServersTest::assertGone);
        assertFalse(Files.exists(base));
        assertFalse(Files.exists(tmp.resolve("unused")));
        assertTrue(Files.exists(nb), "the copies stay the reader's (linked or copied into the root, never moved)");
    }

    @Test
    void missing_tools_name_what_to_install() {
        OfflineInputException e = assertThrows(OfflineInputException.class, () -> OvsdbServers.requireTools(Optional.of(Path.of("/nonexistent-root"))));
        assertEquals("offline tracing needs ovsdb-server, ovn-trace, ovn-sbctl and ovn-nbctl in /nonexistent-root (missing: "
                + "ovsdb-server, ovn-trace, ovn-sbctl, ovn-nbctl): run 'ovntrace-sandbox prepare --ovn 25.03' to build it again", e.getMessage());
    }

    /** A zone of the host's OVN: NB_Global named after it, as ovn-kubernetes does in interconnect. */
    private static ZoneDatabases zone(Path tmp, String zone, String node) {
        String short_ = zone.length() > 20 ? "long" : zone;
        Path nb = Gathers.standalone(tmp.resolve("db/" + short_ + "_nbdb.db"), DbRole.NB, zone);
        Path sb = Gathers.standalone(tmp.resolve("db/" + short_ + "_sbdb.db"), DbRole.SB, null);
        withSbGlobal(List.of(), sb.toString());
        return new ZoneDatabases(zone, List.of(node == null ? zone : node), nb, sb);
    }

    /**
     * northd always writes SB_Global; ovn-sbctl inserts it when missing, which a read-only server refuses. A gathered
     * SB has it, so ours do too.
     */
    private static void withSbGlobal(List<String> chroot, String file) {
        Gathers.run(chroot, "ovsdb-tool", "transact", file, "[\"OVN_Southbound\",{\"op\":\"insert\",\"table\":\"SB_Global\",\"row\":{}}]");
    }

    static void assertGone(long pid) {
        try {
            OfflinePodExecTest.assertGone(pid);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** No process has {@code path} on its command line (the unique temporary folder the servers were given). */
    static void assertNoProcessNames(String path) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    assertFalse(cmdline.contains(path), "still running: " + p.getFileName() + " " + cmdline);
                } catch (java.io.IOException gone) {
                    // ended meanwhile
                }
            }
        }
    }
}
