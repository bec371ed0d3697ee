package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.cluster.OvnTraceDaemons.Routed;
import ovntrace.lib.trace.DetraceCommands;
import ovntrace.lib.trace.DetraceDaemons;
import ovntrace.lib.trace.UpstreamSteps;

/**
 * The commands of an ovn-detrace daemon: which command it may stand for, how it starts, is asked and stops, and when
 * a session replaces one that did not answer.
 */
class DetraceCommandsTest {

    private static final DbAccess IC = DbAccess.interconnect("ovn-worker");
    private static final DbAccess CENTRAL_SSL = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE,
            "ssl:10.0.0.5:9641,ssl:10.0.0.6:9641", "ssl:10.0.0.5:9642,ssl:10.0.0.6:9642");
    private static final String DIR = "/tmp/ovntrace-detrace.AbCdEf0123";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void only_upstreams_exact_ovn_detrace_of_the_nodes_databases_goes_to_a_daemon() {
        assertTrue(DetraceCommands.detrace(IC, UpstreamSteps.ovnDetrace(IC)));
        assertTrue(DetraceCommands.detrace(CENTRAL_SSL, UpstreamSteps.ovnDetrace(CENTRAL_SSL)));
        assertFalse(DetraceCommands.detrace(CENTRAL_SSL, UpstreamSteps.ovnDetrace(IC)), "another database's command");
        assertFalse(DetraceCommands.detrace(IC, UpstreamSteps.ovnDetrace(IC) + "; rm -rf /"), "nothing after it");
        assertFalse(DetraceCommands.detrace(IC, "ovs-appctl ofproto/trace br-int \"in_port=5, udp\""));
        assertFalse(DetraceCommands.detrace(null, UpstreamSteps.ovnDetrace(IC)));
    }

    @Test
    void start_makes_a_private_directory_starts_the_watchdog_first_and_prints_the_directory_once_loaded() {
        String command = UpstreamSteps.ovnDetrace(CENTRAL_SSL);
        String start = DetraceCommands.start(CENTRAL_SSL, command, Duration.ofMinutes(5), Duration.ofSeconds(20));
        assertTrue(start.contains("\nD=$(mktemp -d /tmp/ovntrace-detrace.XXXXXXXXXX)||exit 1\n"), start);
        assertTrue(start.startsWith("for c in mkfifo flock timeout;do command -v $c"), "no daemon where an ask could not run");
        assertTrue(start.indexOf("while [ $i -lt 300 ]") < start.indexOf(command), "the watchdog runs before the daemon");
        assertTrue(start.contains("PYTHONUNBUFFERED=1 " + command + " <$D/in >$D/out"), "unbuffered, so each answer is there at once");
        assertTrue(start.contains("E=$(($(date +%s)+20))"), "waits up to 20 s for the databases to load, however slow the polls");
        assertTrue(start.endsWith("echo $D"));
        assertThrows(IllegalArgumentException.class, () -> DetraceCommands.start(IC, command, Duration.ofMinutes(5), TIMEOUT));
        assertEquals(Optional.of(DIR), DetraceCommands.directory(DIR + "\n"));
        assertEquals(Optional.empty(), DetraceCommands.directory("/tmp/ovntrace-daemon.AbCdEf0123\n"), "an ovn-trace daemon's");
        assertEquals(Optional.empty(), DetraceCommands.directory("ovn-detrace: error\n"));
    }

    @Test
    void an_ask_is_one_compound_command_bounded_by_a_third_of_the_deadline_for_a_checked_directory() {
        String ask = DetraceCommands.ask(DIR, TIMEOUT);
        assertTrue(ask.startsWith("(D=" + DIR + ";") && ask.endsWith(")"), "it stands where the one-shot stood in a pipeline");
        assertTrue(ask.contains("flock -w 10 8||exit " + DetraceCommands.BUSY), ask);
        assertTrue(ask.contains("E=$((SECONDS+10))"), ask);
        assertThrows(IllegalArgumentException.class, () -> DetraceCommands.ask("/tmp/x; reboot", TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> DetraceCommands.ask("/tmp/ovntrace-daemon.AbCdEf0123", TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> DetraceCommands.stop("/tmp/ovntrace-detrace.x/../.."));
        assertTrue(DetraceCommands.stop(DIR).endsWith("rm -rf $D"));
    }

    private static final ExecTarget POD = new ExecTarget("ovn-kubernetes", "ovnkube-node-a", "ovnkube-node", "ovn-worker");

    /** Starts "daemons" that only print a new directory each time. */
    private static DetraceDaemons daemons() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return new DetraceDaemons((t, command, timeout) -> new ExecResult(0, "/tmp/ovntrace-detrace.daemon%04d\n".formatted(n.incrementAndGet()),
                "", Duration.ZERO), TIMEOUT, TraceLog.NONE);
    }

    @Test
    void a_busy_daemon_stays_a_gone_one_is_replaced_once_then_the_pod_runs_one_shot() {
        DetraceDaemons d = daemons();
        String command = UpstreamSteps.ovnDetrace(IC);
        Routed first = d.route(POD, IC, command).orElseThrow();
        assertEquals("/tmp/ovntrace-detrace.daemon0001", first.daemon());
        assertEquals(DetraceCommands.ask(first.daemon(), TIMEOUT), first.command());
        d.notAnswered(first, new ExecResult(DetraceCommands.BUSY, "", "", Duration.ZERO));
        assertEquals(first.daemon(), d.route(POD, IC, command).orElseThrow().daemon(), "busy: the same daemon");
        d.notAnswered(first, new ExecResult(1, "", "", Duration.ZERO));
        Routed second = d.route(POD, IC, command).orElseThrow();
        assertEquals("/tmp/ovntrace-detrace.daemon0002", second.daemon(), "gone: a new one");
        d.notAnswered(second, null);
        assertEquals(Optional.empty(), d.route(POD, IC, command), "gone twice: one-shot from now on");
        assertEquals(3, d.asked());
        assertEquals(3, d.unanswered());
        assertEquals(Optional.empty(), d.route(POD, IC, UpstreamSteps.ovnDetrace(IC) + " --help"), "not upstream's command");
    }

    @Test
    void each_node_pod_has_its_own_daemon_and_close_stops_them_one_exec_per_pod() {
        java.util.List<String> stops = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        DetraceDaemons d = new DetraceDaemons((t, command, timeout) -> {
            if (command.startsWith("(D=")) stops.add(t.node() + ": " + command);
            return new ExecResult(0, "/tmp/ovntrace-detrace.daemon%04d\n".formatted(n.incrementAndGet()), "", Duration.ZERO);
        }, TIMEOUT, TraceLog.NONE);
        ExecTarget other = new ExecTarget("ovn-kubernetes", "ovnkube-node-b", "ovnkube-node", "ovn-worker2");
        DbAccess central = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "tcp:10.0.0.5:6641", "tcp:10.0.0.5:6642");
        String command = UpstreamSteps.ovnDetrace(central);
        d.route(POD, central, command).orElseThrow();
        d.route(other, central, command).orElseThrow();
        d.route(POD, central, command).orElseThrow();
        assertEquals(2, d.daemons().size(), "one database, yet each node reads its own Open vSwitch database: " + d.daemons());
        d.close();
        assertEquals(2, stops.size(), stops.toString());
        // the pods stop at once, in no set order
        assertTrue(stops.stream().anyMatch(x -> x.startsWith("ovn-worker: (" + DetraceCommands.stop("/tmp/ovntrace-detrace.daemon0001"))),
                stops.toString());
        assertEquals(java.util.List.of(), d.daemons());
        assertEquals(Optional.empty(), d.route(POD, central, command), "closed: nothing more starts");
    }
    @Test
    void daemons_loading_one_central_database_start_one_at_a_time_and_interconnect_zones_at_once() throws Exception {
        java.util.concurrent.atomic.AtomicInteger loading = new java.util.concurrent.atomic.AtomicInteger(), most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicBoolean zones = new java.util.concurrent.atomic.AtomicBoolean();
        DetraceDaemons d = new DetraceDaemons((t, command, timeout) -> {
            most.accumulateAndGet(loading.incrementAndGet(), Math::max);
            try {
                // a load takes a while; an interconnect zone's start waits (up to 5 s) until the other zone's loads too
                Thread.sleep(50);
                if (zones.get()) {
                    both.countDown();
                    both.await(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loading.decrementAndGet();
            return new ExecResult(0, "/tmp/ovntrace-detrace.daemon%04d\n".formatted(n.incrementAndGet()), "", Duration.ZERO);
        }, TIMEOUT, TraceLog.NONE);
        DbAccess central = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "tcp:10.0.0.5:6641", "tcp:10.0.0.5:6642");
        java.util.List<ExecTarget> nodes = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> new ExecTarget("ovn-kubernetes", "ovnkube-node-" + i, "ovnkube-node", "ovn-worker" + i)).toList();
        nodes.parallelStream().forEach(w -> d.route(w, central, UpstreamSteps.ovnDetrace(central)).orElseThrow());
        assertEquals(6, d.daemons().size());
        assertEquals(1, most.get(), "one central database: its daemons load it one after another");

        most.set(0);
        zones.set(true);
        DbAccess a = DbAccess.interconnect("ovn-worker0"), b = DbAccess.interconnect("ovn-worker1");
        java.util.concurrent.CompletableFuture<?> first = java.util.concurrent.CompletableFuture.runAsync(
                () -> d.route(nodes.get(0), a, UpstreamSteps.ovnDetrace(a)).orElseThrow());
        d.route(nodes.get(1), b, UpstreamSteps.ovnDetrace(b)).orElseThrow();
        first.get();
        assertEquals(2, most.get(), "two zones, two database servers: their daemons load at once");
    }
    @Test
    void close_stops_every_pods_daemons_at_once_as_a_ctrl_c_leaves_only_seconds() throws Exception {
        // each stop waits until another pod's stop runs too: one pod after another, the first would wait in vain
        java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> alone = new java.util.concurrent.CopyOnWriteArrayList<>();
        DetraceDaemons d = new DetraceDaemons((t, command, timeout) -> {
            if (command.startsWith("(D=")) {
                together.countDown();
                try {
                    if (!together.await(30, java.util.concurrent.TimeUnit.SECONDS)) alone.add(t.node());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ExecResult(0, "/tmp/ovntrace-detrace.daemon%04d\n".formatted(n.incrementAndGet()), "", Duration.ZERO);
        }, TIMEOUT, TraceLog.NONE);
        DbAccess central = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "tcp:10.0.0.5:6641", "tcp:10.0.0.5:6642");
        for (int i = 0; i < 3; i++) {
            d.route(new ExecTarget("ovn-kubernetes", "ovnkube-node-" + i, "ovnkube-node", "ovn-worker" + i), central,
                    UpstreamSteps.ovnDetrace(central)).orElseThrow();
        }
        d.close();
        assertEquals(java.util.List.of(), alone, "no pod's stop waited for another's");
        assertEquals(6, d.execs(), "three starts, and one stop per pod");
    }
}
