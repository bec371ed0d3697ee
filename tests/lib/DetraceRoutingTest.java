package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.DetraceDaemons;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;

/**
 * Which of a run's steps an ovn-detrace daemon answers: the ovn-detrace steps, each fed its ofproto/trace, one daemon
 * per node pod in both modes; nothing else, and nothing without a daemon. A routed run, and one whose daemons do not
 * answer (the one-shot runs again with its ofproto/trace), gives the one-shot run's result.
 */
@EnableKubernetesMockClient(crud = true)
class DetraceRoutingTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    private static final String A = "fedora-deployment-7d49fddf69-chmvh", B = "fedora-deployment-7d49fddf69-t4hqw";

    /** Real {@link DetraceDaemons} over "starts" that only print a directory; asks run as {@code ask} makes them. */
    private record Daemons(DetraceDaemons detraces, List<String> routed, java.util.function.UnaryOperator<String> ask)
            implements OvnTraceDaemons {
        @Override
        public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
            return Optional.empty();
        }

        @Override
        public Optional<Routed> routeFed(ExecTarget where, DbAccess db, String command) {
            return detraces.route(where, db, command).map(r -> {
                routed.add(where.node() + ": " + command);
                return new Routed(r.where(), ask.apply(command), r.daemon());
            });
        }

        @Override
        public void notAnswered(Routed route, ExecResult result) {
            detraces.notAnswered(route, result);
        }
    }

    private record Run(TraceResult result, Daemons daemons, ScriptedPodExec exec) {}

    /** The docs example; {@code ask}: what a routed step runs (the step's own command stands for an answering daemon). */
    private static Run docsExample(boolean interconnect, java.util.function.UnaryOperator<String> ask) {
        MockCluster.seed(client, interconnect);
        ScriptedPodExec exec = new ScriptedPodExec(new FakeNodes(interconnect));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        DetraceDaemons detraces = new DetraceDaemons((t, c, timeout) -> new ExecResult(0, "/tmp/ovntrace-detrace.daemon%04d\n"
                .formatted(n.incrementAndGet()), "", Duration.ZERO), Duration.ofSeconds(5), TraceLog.NONE);
        Daemons daemons = new Daemons(detraces, new CopyOnWriteArrayList<>(), ask);
        EngineOptions options = EngineOptions.defaults();
        if (ask != null) options = options.withOvnTraceDaemons(daemons);
        TraceRequest req = new TraceRequest(new PodRef("default", A), new Target.Pod(new PodRef("default", B)), Protocol.UDP, 53,
                AddressFamily.IP4, false, false);
        return new Run(new TraceEngine(new FabricClusterApi(client), exec, options).run(req), daemons, exec);
    }

    private static List<String> detraces(TraceResult r) {
        return r.steps().stream().filter(s -> s.tool() == Tool.OVN_DETRACE && s.exec() != null)
                .map(s -> s.where().node() + ": " + s.command()).sorted().toList();
    }

    private static List<String> outputs(TraceResult r) {
        return r.steps().stream().map(s -> s.verdict() + " " + s.command() + "\n" + s.exec().stdout()).toList();
    }

    @Test
    void every_ovn_detrace_step_and_nothing_else_goes_to_its_own_nodes_daemon_in_both_modes() {
        for (boolean interconnect : List.of(true, false)) {
            Run r = docsExample(interconnect, c -> c);
            assertEquals(0, r.result().exitCode(), TraceEngineTest.unpassed(r.result()));
            assertTrue(detraces(r.result()).size() >= 2, detraces(r.result()).toString());
            assertEquals(detraces(r.result()), r.daemons().routed().stream().sorted().toList());
            assertEquals(detraces(r.result()).stream().map(s -> s.split(":")[0]).distinct().sorted().toList(),
                    r.daemons().detraces().daemons().stream().map(d -> d.where().node()).sorted().toList(), "one daemon per node pod");
        }
    }

    @Test
    void a_routed_run_prints_and_judges_exactly_as_the_one_shot_run_and_without_daemons_nothing_is_routed() {
        Run oneShot = docsExample(true, null), routed = docsExample(true, c -> c);
        assertEquals(TraceEngineTest.stdout(oneShot.result()), TraceEngineTest.stdout(routed.result()));
        assertEquals(outputs(oneShot.result()), outputs(routed.result()));
        assertEquals(List.of(), oneShot.daemons().routed());
        assertEquals(List.of(), oneShot.daemons().detraces().daemons());
    }

    @Test
    void ovn_detrace_steps_a_daemon_does_not_answer_run_one_shot_reading_their_ofproto_trace_again() {
        Run oneShot = docsExample(true, null), silent = docsExample(true, c -> "exit 3");
        assertEquals(outputs(oneShot.result()), outputs(silent.result()));
        assertEquals(detraces(silent.result()).size(), silent.daemons().detraces().unanswered());
        assertEquals(List.of(), silent.daemons().detraces().daemons(), "each pod starts a new daemon on its next trace");
        List<String> again = silent.exec().commands().stream().filter(c -> c.contains(") | ovn-detrace")).toList();
        assertTrue(again.stream().allMatch(c -> c.contains("(ovs-appctl ofproto/trace")), "the one-shot reads its ofproto/trace: " + again);
        assertEquals(detraces(silent.result()).size(), again.size(), again.toString());
    }
}
