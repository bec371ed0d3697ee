package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec.ExecException;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * The offline exec on the host's bash, with fake zone folders: which literals become which zone's sockets, what the
 * guards answer, and that a deadline or a cancel leaves no process behind.
 */
class OfflinePodExecTest {

    private static final ExecTarget WORKER = target("ovn-worker"), WORKER2 = target("ovn-worker2");
    private static final Duration T = Duration.ofSeconds(20);

    private final OfflinePodExec exec = new OfflinePodExec(Map.of("ovn-worker", "/tmp/zA", "ovn-worker2", "/tmp/zB"), Optional.empty());

    private static ExecTarget target(String node) {
        return new ExecTarget("ovn-kubernetes", "ovnkube-node-" + node, "ovnkube-node", node);
    }

    @Test
    void offline_access_is_the_databases_only() {
        assertEquals(NodeAccess.DATABASES_ONLY, exec.access());
    }

    @Test
    void the_node_sockets_become_the_target_nodes_zone_sockets_in_every_form_the_engine_writes() throws Exception {
        // DbAccess's two, ovn-detrace's --ovnnb=/--ovnsb=/--ovsdb= (UpstreamSteps), AclLookup's own copy of the NB literal
        String cmd = "echo " + DbAccess.interconnect("z").ovnSbctl() + " / " + DbAccess.interconnect("z").ovnNbctl()
                + " / ovn-detrace --ovnnb=" + DbAccess.LOCAL_NB + " --ovnsb=" + DbAccess.LOCAL_SB
                + " --ovsdb=unix:/var/run/openvswitch/db.sock / ovn-nbctl --no-leader-only --db unix:/var/run/ovn/ovnnb_db.sock list acl";
        assertEquals("ovn-sbctl --db unix:/tmp/zB/ovnsb_db.sock / ovn-nbctl --db unix:/tmp/zB/ovnnb_db.sock"
                + " / ovn-detrace --ovnnb=unix:/tmp/zB/ovnnb_db.sock --ovnsb=unix:/tmp/zB/ovnsb_db.sock"
                + " --ovsdb=unix:/tmp/zB/no-open-vswitch-offline.sock / ovn-nbctl --no-leader-only --db unix:/tmp/zB/ovnnb_db.sock list acl\n",
                exec.exec(WORKER2, cmd, T).stdout());
        assertTrue(exec.exec(WORKER, cmd, T).stdout().startsWith("ovn-sbctl --db unix:/tmp/zA/ovnsb_db.sock"));
        assertFalse(Files.exists(Path.of("/tmp/zB/no-open-vswitch-offline.sock")), "the OVS socket is one that does not exist");
    }

    @Test
    void the_default_folders_are_the_zones_so_no_tool_falls_back_to_var_run() throws Exception {
        assertEquals("/tmp/zA /tmp/zA /tmp/zA\n", exec.exec(WORKER, "echo $OVS_RUNDIR $OVN_RUNDIR $OVS_DBDIR", T).stdout());
    }

    @Test
    void open_vswitch_processes_and_links_are_not_available_offline_even_in_subshells() throws Exception {
        for (String tool : new String[] {"ovs-vsctl get Interface ovn-k8s-mp0 ofport", "ovs-appctl ofproto/trace br-int x",
                "ovs-ofctl dump-flows br-int", "ovs-dpctl show", "ip -j link", "ps -eo args | grep '/usr/bin/[o]vnkube'"}) {
            ExecResult r = exec.exec(WORKER, tool, T);
            assertEquals(1, r.exitCode(), tool);
            assertEquals("", r.stdout(), tool);
            assertEquals(tool.split(" ")[0] + ": not available offline\n", r.stderr(), tool);
        }
        ExecResult nested = exec.exec(WORKER, "x=$( (ovs-vsctl show) 2>&1); echo \"$x\"; bash -c 'ps'", T);
        assertEquals("ovs-vsctl: not available offline\n", nested.stdout());
        assertEquals("ps: not available offline\n", nested.stderr());
    }

    @Test
    void stdin_is_empty_and_the_duration_is_measured() throws Exception {
        ExecResult r = exec.exec(WORKER, "cat; echo done; echo warn >&2; exit 3", T);
        assertEquals(3, r.exitCode());
        assertEquals("done\n", r.stdout());
        assertEquals("warn\n", r.stderr());
        assertTrue(r.duration().toNanos() > 0);
    }

    @Test
    void a_node_without_a_zone_database_is_an_exec_failure() {
        ExecException e = assertThrows(ExecException.class, () -> exec.exec(target("ovn-control-plane"), "true", T));
        assertEquals("node ovn-control-plane has no zone database in the gathered directory", e.getMessage());
    }

    @Test
    void a_deadline_kills_the_whole_tree_and_keeps_the_output_so_far(@TempDir Path tmp) throws Exception {
        Path pids = tmp.resolve("pids");
        long start = System.nanoTime();
        ExecException e = assertThrows(ExecException.class, () -> exec.exec(WORKER,
                "echo before; sleep 60 & echo $! > " + pids + "; (sleep 61; echo never) ; wait", Duration.ofSeconds(1)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "stopped at the deadline, not at the end");
        assertTrue(e.getMessage().startsWith("timed out after 1s for node ovn-worker"), e.getMessage());
        assertEquals("before\n", e.partial().orElseThrow().stdout());
        assertGone(Long.parseLong(Files.readString(pids).strip()));
        assertNoProcessRuns("sleep 61");
    }

    @Test
    void cancel_kills_what_runs_and_refuses_new_commands() throws Exception {
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return exec.exec(WORKER, "echo started; sleep 62", T);
            } catch (ExecException e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sleepRuns("62") && System.nanoTime() < deadline) Thread.sleep(20);
        exec.cancel();
        exec.awaitStopped(Duration.ofSeconds(3));
        Object outcome = running.get();
        assertTrue(outcome instanceof ExecException e && e.getMessage().startsWith(OfflinePodExec.INTERRUPTED), String.valueOf(outcome));
        assertNoProcessRuns("sleep 62");
        ExecException refused = assertThrows(ExecException.class, () -> exec.exec(WORKER, "true", T));
        assertTrue(refused.getMessage().contains("not started"), refused.getMessage());
    }

    static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
    }

    static void assertNoProcessRuns(String commandLine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (processRuns(commandLine) && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(processRuns(commandLine), "a process '" + commandLine + "' still runs");
    }

    /** A process {@code sleep N} (each test sleeps for its own N), or a shell still about to run it. */
    static boolean processRuns(String commandLine) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.endsWith(commandLine)).orElse(false));
    }

    private static boolean sleepRuns(String seconds) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                && java.util.Arrays.equals(p.info().arguments().orElse(new String[0]), new String[] {seconds}));
    }
}
