package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.lib.api.ConsoleReport;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdicts;

/**
 * The engine with an exec that reaches the zone databases only, as offline: nothing is asked of Open vSwitch, of the
 * processes or of ovn-detrace; the steps that need them are reported and decide nothing; the ovn-traces decide.
 */
@EnableKubernetesMockClient(crud = true)
class TraceEngineOfflineTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    /** The documentation example's pods: chmvh on ovn-worker2, t4hqw on ovn-worker. */
    private static final String A = DocsSides.SRC, B = DocsSides.DST;
    private static final EngineOptions IC = new EngineOptions("", ClusterMode.IC, Duration.ofSeconds(5), 4, true, true, TraceLog.NONE);
    /** New for each test, as JUnit makes a new instance for each. */
    private final FakeNodes nodes = new FakeNodes(true);
    private final ScriptedPodExec exec = new ScriptedPodExec(nodes).offline();

    @BeforeEach
    void cluster() {
        MockCluster.seed(client, true);
    }

    private TraceResult run(String src, Target target, Protocol p, int port, boolean failFast, EngineOptions options) {
        TraceRequest req = new TraceRequest(new PodRef("default", src), target, p, port, AddressFamily.IP4, false, failFast);
        return new TraceEngine(new FabricClusterApi(client), exec, options).run(req);
    }

    private TraceResult run(Target target, boolean failFast) {
        return run(A, target, Protocol.UDP, 53, failFast, IC);
    }

    private static Target pod(String name) {
        return new Target.Pod(new PodRef("default", name));
    }

    private static String[] console(TraceResult r, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        new ConsoleReport(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), level, false).print(r);
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    /** Whatever would need the live node: Open vSwitch, the process list, the host's links, ovn-detrace. */
    private void assertOnlyDatabaseCommands() {
        List<String> live = exec.commands().stream().filter(c -> c.contains("ovs-") || c.contains("ps ") || c.contains("ip ")
                || c.contains("ovn-detrace") || c.contains("type -p")).toList();
        assertEquals(List.of(), live);
    }

    @Test
    void the_docs_example_prints_the_live_lines_with_the_ofproto_and_detrace_lines_replaced_and_exits_0() {
        TraceResult r = run(pod(B), false);
        assertOnlyDatabaseCommands();
        assertEquals(4, r.execCalls(), "one survey and one exec of steps per node, no lanes, nothing on the receiving nodes: " + exec.commands());
        assertEquals(String.join("\n",
                "ovn-trace source pod to destination pod indicates success from " + A + " to " + B,
                "ovn-trace (remote) source pod to destination pod indicates success from " + A + " to " + B,
                "ovn-trace destination pod to source pod indicates success from " + B + " to " + A,
                "ovn-trace (remote) destination pod to source pod indicates success from " + B + " to " + A,
                "ovs-appctl ofproto/trace source pod to destination pod inconclusive: not available offline",
                "ovs-appctl ofproto/trace destination pod to source pod inconclusive: not available offline",
                "ovn-detrace source pod to destination pod inconclusive: not available offline",
                "ovn-detrace destination pod to source pod inconclusive: not available offline") + "\n", console(r, 0)[0]);
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertEquals(List.of(TraceEngine.OFFLINE_NOTE), r.notes());
        List<String> receiving = r.steps().stream().filter(s -> s.label().contains("(receiving)"))
                .map(s -> s.label() + " @" + s.where().node() + ": " + s.verdict() + " " + s.reason()).toList();
        assertEquals(List.of("ovs-appctl ofproto/trace (receiving) request source pod to destination pod @ovn-worker: INCONCLUSIVE not available offline",
                "ovn-detrace (receiving) request source pod to destination pod @ovn-worker: INCONCLUSIVE not available offline",
                "ovs-appctl ofproto/trace (receiving) reply destination pod to source pod @ovn-worker2: INCONCLUSIVE not available offline",
                "ovn-detrace (receiving) reply destination pod to source pod @ovn-worker2: INCONCLUSIVE not available offline"), receiving);
        assertTrue(r.steps().stream().filter(s -> s.tool() != Tool.OVN_TRACE).allMatch(Verdicts::unavailableOffline));
    }

    @Test
    void the_console_says_it_for_ovntraces_own_checks_from_loglevel_1_and_the_note_once() {
        String[] level1 = console(run(pod(B), false), 1);
        assertTrue(level1[1].contains("ovs-appctl ofproto/trace request source pod to destination pod inconclusive: not available offline\n"), level1[1]);
        assertTrue(level1[1].contains("ovntrace request default/" + A), level1[1]);
        assertEquals(1, level1[1].lines().filter(l -> l.equals(TraceEngine.OFFLINE_NOTE)).count(), level1[1]);
        assertTrue(level1[1].lines().noneMatch(l -> l.contains(" error: ")), "not the error line of an inconclusive step: " + level1[1]);
        String[] level0 = console(run(pod(B), false), 0);
        assertTrue(level0[1].lines().noneMatch(l -> l.contains("inconclusive")), "own checks print at -loglevel 1: " + level0[1]);
        assertEquals(level0[0], level1[0], "stdout does not depend on the log level");
    }

    @Test
    void a_policy_drop_in_the_ovn_traces_exits_255_as_online() {
        nodes.denied.add(B);
        TraceResult r = run(A, pod(B), Protocol.TCP, 8080, false, IC);
        assertEquals(255, r.exitCode(), TraceEngineTest.unpassed(r));
        assertTrue(console(r, 0)[0].contains("ovn-trace --ct=new (remote) source pod to destination pod indicates failure from " + A + " to " + B));
        assertSameAsOnline(r, A, pod(B), Protocol.TCP, 8080);
    }

    @Test
    void fail_fast_goes_past_the_steps_not_available_offline() {
        TraceResult r = run(pod(B), true);
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertTrue(r.steps().stream().noneMatch(s -> s.reason().equals(Verdicts.FAIL_FAST)), TraceEngineTest.unpassed(r));
        assertTrue(r.steps().stream().anyMatch(s -> s.label().startsWith("ovn-trace reply") && s.exec() != null), "the reply's ovn-trace ran");
        assertOnlyDatabaseCommands();
    }

    @Test
    void a_host_network_source_traces_from_its_management_port_mac_in_the_southbound() {
        TraceResult r = run("host-agent", pod(A), Protocol.TCP, 9100, false, IC);
        assertOnlyDatabaseCommands();
        StepResult first = r.steps().get(0);
        assertTrue(first.command().contains("inport==\"k8s-ovn-worker\" && eth.src==" + FakeNodes.MGMT_MAC), first.command());
        assertTrue(r.steps().stream().filter(s -> s.tool() == Tool.OFPROTO_TRACE && s.label().startsWith("ovs-appctl ofproto/trace source"))
                .allMatch(s -> s.command().contains("in_port=ovn-k8s-mp0") && s.reason().equals(NodeAccess.NOT_OFFLINE)), "built, not run");
        assertSameAsOnline(r, "host-agent", pod(A), Protocol.TCP, 9100);
    }

    /** The same request online: the same exit code, and every ovn-trace step the same verdict for the same reason. */
    private void assertSameAsOnline(TraceResult offline, String src, Target target, Protocol p, int port) {
        ScriptedPodExec live = new ScriptedPodExec(nodes);
        TraceRequest req = new TraceRequest(new PodRef("default", src), target, p, port, AddressFamily.IP4, false, false);
        TraceResult online = new TraceEngine(new FabricClusterApi(client), live, IC).run(req);
        assertEquals(ovnTraces(online), ovnTraces(offline));
        assertEquals(online.exitCode(), offline.exitCode(), TraceEngineTest.unpassed(offline));
    }

    private static List<String> ovnTraces(TraceResult r) {
        return r.steps().stream().filter(s -> s.tool() == Tool.OVN_TRACE).map(s -> s.label() + ": " + s.verdict() + " " + s.reason()).toList();
    }

    @Test
    void to_an_external_ip_the_ovn_traces_decide() {
        TraceResult r = run(A, new Target.Ip("8.8.8.8"), Protocol.TCP, 443, false, IC);
        assertOnlyDatabaseCommands();
        assertEquals(List.of("ovn-trace from pod to IP indicates success from " + A + " to 8.8.8.8",
                "ovs-appctl ofproto/trace pod to IP inconclusive: not available offline",
                "ovn-detrace pod to external IP inconclusive: not available offline"), console(r, 0)[0].lines().toList());
        assertEquals(0, r.exitCode(), TraceEngineTest.unpassed(r));
        assertSameAsOnline(r, A, new Target.Ip("8.8.8.8"), Protocol.TCP, 443);
    }

    @Test
    void without_a_mode_offline_fails_as_a_programming_error_before_any_exec() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(A, pod(B), Protocol.UDP, 53, false, EngineOptions.defaults()));
        assertTrue(e.getMessage().contains("needs the cluster mode in EngineOptions.mode"), e.getMessage());
        assertEquals(List.of(), exec.calls());
    }
}
