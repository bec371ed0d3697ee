package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.lib.api.Ovntrace;
import ovntrace.lib.api.TraceSession;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.parse.OvnTraceParser;
import ovntrace.lib.trace.DaemonCommands;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceDaemons;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.DaemonLeftovers;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * A session's traces through real {@code ovn-trace --detach} daemons in the local cluster's node pods, on 25.03
 * interconnect and 23.03 central: the same verdicts and the same ovn-trace output, byte for byte, as one-shot runs,
 * for upstream's plain traces and for ovntrace's {@code --ct} connection checks (pod to pod on one node and across,
 * replies, a Service's backend, an external IP through the gateway router and its reply); per zone one daemon of each
 * kind; a killed daemon answered for by the one-shot and then replaced; and nothing left in any pod after close, or
 * after the watchdog's time when nobody closes.
 */
class TraceSessionEndToEndTest {


    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    private static TraceRequest request(String src, Target target, Protocol p, int port) {
        return new TraceRequest(PodRef.parse(src), target, p, port, AddressFamily.IP4, false, false);
    }

    /**
     * Cross-node both ways, one node, a Service (its --lb-dst step stays one-shot), a NetworkPolicy-restricted pod and
     * an external IP (five ct steps through the gateway router, and the reply from outside).
     */
    private static final List<TraceRequest> REQUESTS = List.of(
            request("default/" + TraceEndToEndTest.CHMVH, new Target.Pod(PodRef.parse("default/" + TraceEndToEndTest.T4HQW)), Protocol.UDP, 53),
            request("default/" + TraceEndToEndTest.T4HQW, new Target.Pod(PodRef.parse("default/" + TraceEndToEndTest.CHMVH)), Protocol.TCP, 80),
            request("default/" + TraceEndToEndTest.T4HQW, new Target.Pod(PodRef.parse("kube-system/coredns-5d78c9869d-7kl2p")), Protocol.UDP, 53),
            request("default/" + TraceEndToEndTest.CHMVH, new Target.Service(PodRef.parse("kube-system/kube-dns")), Protocol.UDP, 53),
            request("dev/tool-0", new Target.Pod(PodRef.parse("restricted/db-0")), Protocol.TCP, 5432),
            request("default/" + TraceEndToEndTest.T4HQW, new Target.Ip("8.8.8.8"), Protocol.TCP, 443));

    /** What must not change when a daemon answers: each step's verdict, command, and parsed and raw ovn-trace output. */
    private static List<String> comparable(TraceResult r) {
        return r.steps().stream().map(s -> s.verdict() + " " + s.label() + "\n" + s.command()
                + (s.tool() == Tool.OVN_TRACE && s.exec() != null
                        ? "\n" + OvnTraceParser.parse(s.exec().stdout()) + "\n" + s.exec().stdout() : "")).toList();
    }

    /** The ovn-trace steps that ran and a daemon may answer: all but upstream's Service step ({@code --lb-dst}). */
    private static List<StepResult> routable(List<TraceResult> results) {
        return results.stream().flatMap(r -> r.steps().stream())
                .filter(s -> s.tool() == Tool.OVN_TRACE && !s.command().contains("--lb-dst") && s.exec() != null).toList();
    }

    /** The kind of daemon a step goes to: "plain", or its {@code --ct} state. */
    private static String kind(String command) {
        return command.contains("--ct=new") ? "NEW" : command.contains("--ct=est,rpl") ? "REPLY" : "plain";
    }

    private static String kind(TraceDaemons.Daemon d) {
        return d.ct() == null ? "plain" : d.ct().name();
    }

    /** Per zone, the kinds of daemon its routable steps need ("ovn-worker NEW"), as the one-shot run shows them. */
    private static Set<String> zonesAndKinds(List<TraceResult> results, ClusterMode mode) {
        return routable(results).stream().map(s -> (mode == ClusterMode.CENTRAL ? DbAccess.CENTRAL_ZONE : s.where().node())
                + " " + kind(s.command())).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ovntrace.support.Sandboxes#pairwise")
    void traces_through_the_daemons_match_one_shot_runs_and_leave_nothing_behind(Cluster c) {
        Sandbox sb = Sandboxes.of(c);
        ClusterMode mode = c.mode();
        DaemonLeftovers leftovers = DaemonLeftovers.since(sb);
        try (Ovntrace ovn = Ovntrace.connect(sb.kubeconfig().toString())) {
            List<TraceResult> oneShot = oneShot(sb);
            List<TraceResult> viaDaemons;
            List<TraceDaemons.Daemon> daemons;
            try (TraceSession s = ovn.session()) {
                viaDaemons = REQUESTS.stream().map(s::result).toList();
                daemons = s.daemons();
                daemons.forEach(d -> leftovers.track(d.directory()));
                for (int i = 0; i < REQUESTS.size(); i++) {
                    assertEquals(comparable(oneShot.get(i)), comparable(viaDaemons.get(i)), "request " + REQUESTS.get(i));
                }
                Set<String> expected = zonesAndKinds(oneShot, mode);
                assertEquals(mode == ClusterMode.CENTRAL ? Set.of("global NEW", "global REPLY", "global plain") : expected, expected);
                assertEquals(expected, daemons.stream().map(d -> d.zone() + " " + kind(d)).collect(Collectors.toCollection(TreeSet::new)),
                        "per zone one daemon of each kind its traces need");
                if (mode == ClusterMode.IC) daemons.forEach(d -> assertEquals(d.zone(), d.where().node(), "a zone's daemons run in its node's pod"));
                assertEquals(0, s.unanswered(), "every daemon answered its traces itself");
                long ctSteps = routable(viaDaemons).stream().filter(st -> !kind(st.command()).equals("plain")).count();
                assertTrue(ctSteps >= 15, ctSteps + " connection checks: three per pod-to-pod trace at least, three to the external IP");
                assertEquals(ctSteps, s.ctAnswers(), "each --ct connection check answered by its daemon");
                for (TraceDaemons.Daemon d : daemons) {
                    assertEquals("", sb.run(d.where().node(), "kill $(cat " + d.directory() + "/pid)").stderr());
                }
                TraceResult afterKill = s.result(REQUESTS.get(0));
                assertEquals(comparable(oneShot.get(0)), comparable(afterKill), "a killed daemon: the one-shot answers");
                int routed = routable(List.of(afterKill)).size();
                assertEquals(routed, s.unanswered(), "each ovn-trace of the run was not answered");
                TraceResult restarted = s.result(REQUESTS.get(0));
                assertEquals(comparable(oneShot.get(0)), comparable(restarted));
                assertEquals(routed, s.unanswered(), "new daemons answered the next run");
                assertTrue(s.daemons().stream().noneMatch(daemons::contains), "new daemons: " + s.daemons() + " after " + daemons);
                s.daemons().forEach(d -> leftovers.track(d.directory()));
            }
            assertEquals("", leftovers.left(), "no daemon directory and no ovn-trace process in any node pod after close");
        }
    }

    @org.junit.jupiter.api.Test
    void a_daemon_nobody_stops_is_stopped_by_its_watchdog_and_its_directory_removed() throws InterruptedException {
        Sandbox sb = Sandboxes.of(OvnVersion.V25_03, ClusterMode.IC);
        DaemonLeftovers leftovers = DaemonLeftovers.since(sb);
        String start = DaemonCommands.start(DbAccess.interconnect("ovn-worker"), Duration.ofSeconds(2));
        ExecResult started = sb.run("ovn-worker", start);
        String dir = DaemonCommands.directory(started.stdout()).orElseThrow(() -> new AssertionError(started.toString()));
        leftovers.track(dir);
        assertEquals("ovn-trace\n", sb.run("ovn-worker", "ps -o comm= -p $(cat " + dir + "/pid)").stdout(), "the daemon runs");
        // the client is gone: nothing ever asks or stops it; the watchdog ends it after its 2 s (wait up to a minute)
        for (int i = 0; i < 120 && !leftovers.left().isEmpty(); i++) Thread.sleep(500);
        assertEquals("", leftovers.left(), "no daemon directory and no ovn-trace process left");
    }

    /** The same requests as the command line runs them: one-shot ovn-trace, no daemon. */
    private static List<TraceResult> oneShot(Sandbox sb) {
        try (KubernetesClient client = sb.client()) {
            TraceEngine engine = new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), EngineOptions.defaults());
            return REQUESTS.stream().map(engine::run).toList();
        }
    }
}
