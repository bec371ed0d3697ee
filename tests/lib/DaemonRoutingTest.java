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
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceDaemons;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;

/**
 * Which of a run's steps an ovn-trace daemon answers (upstream's plain ovn-traces and ovntrace's {@code --ct}
 * connection checks, nothing with {@code --lb-dst}), how many daemons that takes (per zone one plain and one per
 * conntrack state: per node on interconnect, once for a central cluster), and that a routed step, even moved to the
 * daemon's pod, gives the one-shot run's result.
 */
@EnableKubernetesMockClient(crud = true)
class DaemonRoutingTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    private static final String A = "fedora-deployment-7d49fddf69-chmvh", B = "fedora-deployment-7d49fddf69-t4hqw";

    /** Starts "daemons" that only print a directory, so the real {@link TraceDaemons} decides and counts. */
    private static final PodExec STARTS = new PodExec() {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public ExecResult exec(ExecTarget t, String command, Duration timeout) {
            return new ExecResult(0, "/tmp/ovntrace-daemon.daemon%04d\n".formatted(n.incrementAndGet()), "", Duration.ZERO);
        }
    };

    /**
     * Asks the real daemons, records what they would answer and where, and runs the step's own command there (the
     * scripted nodes answer only one-shot commands), so the run shows the routing without a daemon; the real
     * daemons judge the answers.
     */
    private record Recording(TraceDaemons daemons, List<String> routed) implements OvnTraceDaemons {
        @Override
        public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
            return daemons.route(where, db, command).map(r -> {
                routed.add(command);
                return new Routed(r.where(), command, r.daemon(), r.ctStates());
            });
        }

        @Override
        public boolean answered(Routed route, ExecResult result) {
            return daemons.answered(route, result);
        }
    }

    /** Daemons that never answer: every ask exits 3. */
    private record Silent(TraceDaemons daemons, List<String> routed) implements OvnTraceDaemons {
        @Override
        public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
            return daemons.route(where, db, command).map(r -> new Routed(r.where(), "exit 3", r.daemon()));
        }

        @Override
        public void notAnswered(Routed route) {
            routed.add(route.daemon());
            daemons.notAnswered(route);
        }
    }

    private record Run(TraceResult result, TraceDaemons daemons, List<String> routed, ScriptedPodExec exec) {}

    private static Run docsExample(boolean interconnect, boolean withDaemons) {
        return docsExample(interconnect, withDaemons, false);
    }

    private static Run docsExample(boolean interconnect, boolean withDaemons, boolean silent) {
        MockCluster.seed(client, interconnect);
        ScriptedPodExec exec = new ScriptedPodExec(new FakeNodes(interconnect));
        TraceDaemons daemons = new TraceDaemons(STARTS, Duration.ofSeconds(5), TraceLog.NONE);
        List<String> routed = new CopyOnWriteArrayList<>();
        EngineOptions options = EngineOptions.defaults();
        if (withDaemons) options = options.withOvnTraceDaemons(silent ? new Silent(daemons, routed) : new Recording(daemons, routed));
        TraceRequest req = new TraceRequest(new PodRef("default", A), new Target.Pod(new PodRef("default", B)), Protocol.UDP, 53,
                AddressFamily.IP4, false, false);
        return new Run(new TraceEngine(new FabricClusterApi(client), exec, options).run(req), daemons, routed, exec);
    }

    /** The run's ovn-traces a daemon may answer: all but upstream's Service step ({@code --lb-dst}). */
    private static List<String> routableOvnTraces(TraceResult r) {
        return r.steps().stream().filter(s -> s.tool() == Tool.OVN_TRACE && !s.command().contains("--lb-dst"))
                .map(StepResult::command).sorted().toList();
    }

    /** A daemon's kind as the routed commands show it: "plain", or the state of its {@code --ct} flags. */
    private static String kind(TraceDaemons.Daemon d) {
        return d.ct() == null ? "plain" : d.ct().name();
    }

    private static String kind(String command) {
        return command.contains("--ct=new") ? "NEW" : command.contains("--ct=est,rpl") ? "REPLY" : "plain";
    }

    @Test
    void on_interconnect_upstreams_plain_traces_and_the_ct_checks_go_to_a_daemon_per_node_and_kind() {
        Run r = docsExample(true, true);
        assertEquals(0, r.result().exitCode(), TraceEngineTest.unpassed(r.result()));
        assertEquals(4, routableOvnTraces(r.result()).stream().filter(c -> kind(c).equals("plain")).count(), "upstream's four");
        assertEquals(10, routableOvnTraces(r.result()).size(), "and six connection checks, new and reply");
        assertEquals(routableOvnTraces(r.result()), r.routed().stream().sorted().toList());
        assertEquals(List.of("ovn-worker NEW", "ovn-worker REPLY", "ovn-worker plain", "ovn-worker2 NEW", "ovn-worker2 REPLY", "ovn-worker2 plain"),
                r.daemons().daemons().stream().map(d -> d.zone() + " " + kind(d)).sorted().toList());
        r.daemons().daemons().forEach(d -> assertEquals(d.zone(), d.where().node(), "a zone's daemons run in its own node's pod"));
        assertEquals(0, r.daemons().unanswered());
    }

    @Test
    void on_a_central_cluster_one_daemon_of_each_kind_answers_for_every_node_from_the_pod_it_started_in() {
        Run r = docsExample(false, true);
        assertEquals(0, r.result().exitCode(), TraceEngineTest.unpassed(r.result()));
        assertEquals(List.of("NEW", "REPLY", "plain"), r.daemons().daemons().stream().map(DaemonRoutingTest::kind).sorted().toList());
        assertEquals(routableOvnTraces(r.result()), r.routed().stream().sorted().toList());
        for (TraceDaemons.Daemon d : r.daemons().daemons()) {
            String home = d.where().node();
            List<String> ranWhere = r.exec().commands().stream()
                    .filter(c -> r.routed().stream().anyMatch(routed -> c.endsWith(routed) && kind(routed).equals(kind(d)))).toList();
            assertTrue(!ranWhere.isEmpty() && ranWhere.stream().allMatch(c -> c.startsWith(home + ": ")),
                    "every " + kind(d) + " trace ran in its daemon's pod on " + home + ": " + ranWhere);
        }
    }

    @Test
    void a_routed_run_prints_and_judges_exactly_as_the_one_shot_run() {
        Run oneShot = docsExample(true, false), routed = docsExample(true, true);
        assertEquals(TraceEngineTest.stdout(oneShot.result()), TraceEngineTest.stdout(routed.result()));
        assertEquals(outputs(oneShot.result()), outputs(routed.result()));
        assertTrue(oneShot.routed().isEmpty());
    }

    @Test
    void a_central_run_moved_to_the_daemons_pod_prints_the_same_verdicts() {
        // the scripted nodes name the datapath after the node they run on, so outputs differ; real ovn-trace's do not
        // (the end-to-end test compares them)
        Run oneShot = docsExample(false, false), routed = docsExample(false, true);
        assertEquals(TraceEngineTest.stdout(oneShot.result()), TraceEngineTest.stdout(routed.result()));
    }

    @Test
    void traces_a_daemon_does_not_answer_run_one_shot_and_the_run_is_the_one_shot_run() {
        Run oneShot = docsExample(true, false), silent = docsExample(true, true, true);
        assertEquals(outputs(oneShot.result()), outputs(silent.result()));
        assertEquals(10, silent.routed().size(), "each routed trace reported unanswered");
        assertEquals(10, silent.daemons().unanswered());
        assertEquals(List.of(), silent.daemons().daemons(), "both zones start new daemons on their next traces");
        // a run without daemons runs its steps with the lookups; through daemons they run after, so compare with a run
        // whose daemons answer
        assertEquals(docsExample(true, true).result().execCalls() + 2, silent.result().execCalls(), "one more exec per node for the one-shot commands");
    }

    private static List<String> outputs(TraceResult r) {
        return r.steps().stream().map(s -> s.verdict() + " " + s.command() + "\n" + s.exec().stdout()).toList();
    }
}
