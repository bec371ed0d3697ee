package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * The engine against Kubernetes objects in fabric8's mock API server and node pods answered by {@link FakeNodes}:
 * order of steps, what runs where, how few exec calls, and what every kind of bad input or broken cluster yields.
 */
@EnableKubernetesMockClient(crud = true)
class TraceEngineTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    private static final String A = "fedora-deployment-7d49fddf69-chmvh", B = "fedora-deployment-7d49fddf69-t4hqw";
    private FakeNodes nodes;
    private ScriptedPodExec exec;

    @BeforeEach
    void cluster() {
        MockCluster.seed(client, true);
        nodes = new FakeNodes(true);
        exec = new ScriptedPodExec(nodes);
    }

    private TraceResult run(Target target, Protocol p, int port, boolean failFast) {
        return run(target, p, port, failFast, EngineOptions.defaults());
    }

    private TraceResult run(Target target, Protocol p, int port, boolean failFast, EngineOptions options) {
        TraceRequest req = new TraceRequest(new PodRef("default", A), target, p, port, AddressFamily.IP4, false, failFast);
        return new TraceEngine(new FabricClusterApi(client), exec, options).run(req);
    }

    private static Target pod(String name) {
        return new Target.Pod(new PodRef("default", name));
    }

    /** The steps that did not pass, for assertion messages. */
    static String unpassed(TraceResult r) {
        return r.steps().stream().filter(s -> s.verdict() != Verdict.PASS)
                .map(s -> s.label() + " @" + s.where().node() + ": " + s.verdict() + " " + s.reason()).toList().toString();
    }

    static String stdout(TraceResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsoleReport(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), 0, false).print(r);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void docs_example_prints_the_eight_documented_lines_with_four_exec_calls() {
        TraceResult r = run(pod(B), Protocol.UDP, 53, false);
        assertEquals(String.join("\n",
                "ovn-trace source pod to destination pod indicates success from " + A + " to " + B,
                "ovn-trace (remote) source pod to destination pod indicates success from " + A + " to " + B,
                "ovn-trace destination pod to source pod indicates success from " + B + " to " + A,
                "ovn-trace (remote) destination pod to source pod indicates success from " + B + " to " + A,
                "ovs-appctl ofproto/trace source pod to destination pod indicates success from " + A + " to " + B,
                "ovs-appctl ofproto/trace destination pod to source pod indicates success from " + B + " to " + A,
                "ovn-detrace source pod to destination pod indicates success from " + A + " to " + B,
                "ovn-detrace destination pod to source pod indicates success from " + B + " to " + A) + "\n", stdout(r));
        assertEquals(0, r.exitCode(), unpassed(r));
        assertEquals(4, r.execCalls(), "per node one exec for the lookups and every step that needs only that node's facts, then "
                + "one for the receiving node's steps of the request and of the reply: " + exec.commands());
        assertEquals(ClusterMode.IC, r.mode());
        assertEquals("ovn-worker2", r.source().node());
        assertEquals("vetht4hqw", r.destination().ovsInterface(), "interface from the lookup");
        assertTrue(exec.commands().contains("ovn-worker: ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock 'inport==\"tstor-ovn-worker2\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:a8:fe:00:04 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && udp.dst==53 && udp.src==52888'"), "remote trace runs on the destination node");
        assertTrue(r.steps().get(6).exec().stdout().contains("  * bridge(\"br-int\")"), "ovn-detrace read the ofproto/trace output");
    }

    @Test
    void a_fact_the_shell_reads_differently_only_moves_its_steps_after_the_lookups() {
        TraceResult planned = run(pod(B), Protocol.UDP, 53, false);
        nodes.blankLineFirst.add("ovn-worker2");
        TraceResult r = run(pod(B), Protocol.UDP, 53, false);
        assertEquals(stdout(planned), stdout(r));
        assertEquals(planned.steps().stream().map(s -> s.command() + " " + s.verdict()).toList(),
                r.steps().stream().map(s -> s.command() + " " + s.verdict()).toList(), "the same commands, the same verdicts");
        assertEquals(planned.execCalls() + 1, r.execCalls(), "ovn-worker2's steps that read its router port's MAC ran in one more exec");
        assertTrue(exec.commands().stream().anyMatch(c -> c.startsWith("ovn-worker2: ovn-trace") && c.contains("eth.dst== &&")),
                "the shell ran them with what it had read, and those results were not kept: " + exec.commands());
    }

    @Test
    void central_mode_prints_the_lines_without_remote() {
        MockCluster.seed(client, false);
        exec = new ScriptedPodExec(new FakeNodes(false));
        TraceResult r = run(pod(B), Protocol.UDP, 53, false);
        assertEquals(ClusterMode.CENTRAL, r.mode());
        assertFalse(stdout(r).contains("(remote)"));
        assertEquals(6, stdout(r).lines().count());
        assertEquals(0, r.exitCode(), unpassed(r));
        assertTrue(exec.commands().contains("ovn-worker2: ovn-sbctl --no-leader-only  --db unix:/var/run/ovn/ovnsb_db.sock"
                + " --bare --no-heading --column=mac list Port_Binding rtos-ovn-worker2"), "release-1.3 style on central clusters");
    }

    @Test
    void a_policy_drop_visible_only_to_a_new_connection_fails_the_run_at_the_extra_step() {
        nodes.denied.add(B);
        TraceResult r = run(pod(B), Protocol.TCP, 8080, false);
        List<String> lines = stdout(r).lines().toList();
        assertEquals(9, lines.size(), "the eight upstream lines plus the failing check: " + lines);
        assertEquals("ovn-trace --ct=new (remote) source pod to destination pod indicates failure from " + A + " to " + B, lines.get(8));
        assertEquals(255, r.exitCode());
    }

    @Test
    void upstreams_steps_alone_trace_an_established_flow_and_miss_the_policy_drop() {
        nodes.denied.add(B);
        TraceResult plain = run(pod(B), Protocol.TCP, 8080, false, new EngineOptions("", null, Duration.ofSeconds(5), 4, true, false, TraceLog.NONE));
        assertEquals(0, plain.exitCode());
    }

    @Test
    void every_step_runs_after_a_failure_unless_fail_fast() {
        nodes.ofprotoDrops.add("ovn-worker2");
        TraceResult all = run(pod(B), Protocol.UDP, 53, false);
        List<String> lines = stdout(all).lines().toList();
        assertEquals(10, lines.size(), "upstream's eight, then ovntrace's own checks that failed: " + lines);
        assertEquals("ovs-appctl ofproto/trace source pod to destination pod indicates failure from " + A + " to " + B, lines.get(4));
        assertEquals("ovs-appctl ofproto/trace request source pod to destination pod indicates failure from " + A + " to " + B, lines.get(8));
        assertEquals("ovs-appctl ofproto/trace (receiving) reply destination pod to source pod indicates failure from " + B + " to " + A,
                lines.get(9), "the reply arrives on the failing node too");
        assertTrue(lines.get(5).contains("indicates success"), "the step after the failure still ran");
        assertEquals(255, all.exitCode());

        int before = exec.commands().size();
        TraceResult fast = run(pod(B), Protocol.UDP, 53, true);
        assertEquals(lines.subList(0, 5), stdout(fast).lines().toList(), "stops at the failure like upstream");
        assertEquals(255, fast.exitCode());
        assertTrue(exec.commands().subList(before, exec.commands().size()).stream().noneMatch(c -> c.contains(": ovn-detrace --") || c.contains("| ovn-detrace")),
                "nothing after the failing step was run");
    }

    @Test
    void service_trace_goes_to_the_ready_endpoint_on_its_target_port() {
        TraceResult r = run(new Target.Service(new PodRef("default", "web")), Protocol.TCP, 80, false);
        List<String> lines = stdout(r).lines().toList();
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + A + " to web", lines.get(0));
        assertEquals("ovn-trace (remote) source pod to service clusterIP indicates success from " + A + " to " + B, lines.get(1));
        assertEquals(B, r.service().backend().name(), "the ready endpoint, not the first one");
        assertEquals(8080, r.service().backendPort());
        assertTrue(r.steps().get(0).command().endsWith("tcp.dst==80 && tcp.src==52888' --lb-dst 10.244.1.6:8080"));
        assertEquals(0, r.exitCode(), unpassed(r));
    }

    @Test
    void udp_to_a_service_is_traced() {
        TraceResult r = run(new Target.Service(new PodRef("default", "web")), Protocol.UDP, 80, false);
        assertTrue(r.steps().get(0).command().contains("udp.dst==80 && udp.src==52888'"));
    }

    @Test
    void external_ip_trace_detects_the_egress_bridge() {
        TraceResult r = run(new Target.Ip("8.8.8.8"), Protocol.TCP, 443, false);
        assertEquals(List.of("ovn-trace from pod to IP indicates success from " + A + " to 8.8.8.8",
                "ovs-appctl ofproto/trace pod to IP indicates success from " + A + " to 8.8.8.8",
                "ovn-detrace pod to external IP indicates success from " + A + " to 8.8.8.8"), stdout(r).lines().toList());
        assertEquals("bridge\\(\"breth0\"\\)", r.steps().get(1).searchRegex());
        assertEquals(1, r.execCalls(), "every step needs only the source node's facts: " + exec.commands());
        assertEquals(0, r.exitCode(), unpassed(r));
        // ovntrace's own: the request out through the gateway router, its reply back to the SNAT address and the pod
        assertEquals(List.of(Leg.REQUEST + " PASS", Leg.REPLY + " PASS", Leg.UPSTREAM_FORWARD + " PASS"),
                r.legs().stream().map(l -> l.leg() + " " + l.verdict()).toList());
        assertEquals(List.of("un-SNAT 172.18.0.4 → 10.244.2.3 (conntrack: reply of the SNATed connection)"), r.connection().replyNat());
    }

    @Test
    void pod_to_host_network_pod_on_a_shared_gateway_leaves_through_the_external_bridge() {
        TraceResult r = run(pod("host-agent"), Protocol.TCP, 9100, false);
        assertEquals("output to \"breth0_ovn-worker2\"", r.steps().get(0).searchRegex());
        assertEquals(0, r.exitCode(), stdout(r) + unpassed(r));
    }

    @Test
    void host_network_source_to_an_external_ip_is_refused_before_any_exec() {
        TraceRequest req = new TraceRequest(new PodRef("default", "host-agent"), new Target.Ip("8.8.8.8"), Protocol.TCP, 443,
                AddressFamily.IP4, false, false);
        TraceError e = assertThrows(TraceError.class, () -> new TraceEngine(new FabricClusterApi(client), exec, EngineOptions.defaults()).run(req));
        assertEquals("Pod cannot be on Host Network when tracing to an IP address; use ping", e.getMessage());
        assertEquals(List.of(), exec.calls());
    }

    @Test
    void missing_ovn_detrace_is_noted_once_and_does_not_change_the_exit_code() {
        nodes.noDetrace.add("ovn-worker2");
        TraceResult r = run(pod(B), Protocol.UDP, 53, false);
        assertEquals(List.of("Skipped ovn-detrace due to: \"ovn-detrace is not installed in pod ovnkube-node-2 (container ovnkube-controller)\""), r.notes());
        assertEquals(7, stdout(r).lines().count());
        assertEquals(0, r.exitCode(), unpassed(r));
    }

    @Test
    void a_wrong_guess_from_the_annotations_costs_exec_calls_not_correctness() {
        for (String node : MockCluster.NODES) {
            client.nodes().withName(node).edit(n -> { n.getMetadata().getAnnotations().remove(Annotations.ZONE_NAME); return n; });
        }
        nodes.probe = "/usr/bin/ovnkube --init-ovnkube-controller NODE --enable-interconnect --zone NODE";
        TraceResult r = run(pod(B), Protocol.UDP, 53, false);
        assertEquals(ClusterMode.IC, r.mode(), "the ovnkube flags win over the missing annotation");
        assertEquals(8, stdout(r).lines().count(), stdout(r));
        assertEquals(0, r.exitCode(), unpassed(r));
        assertTrue(r.execCalls() > 4, "lookups and steps ran again with the right database access: " + r.execCalls());
        assertTrue(r.steps().get(6).command().startsWith("ovn-detrace --ovnnb=unix:/var/run/ovn/ovnnb_db.sock --ovnsb="));
    }

    @Test
    void mode_override_central_traces_an_interconnect_cluster_as_one_zone() {
        TraceResult r = run(pod(B), Protocol.UDP, 53, false, new EngineOptions("", ClusterMode.CENTRAL, Duration.ofSeconds(5), 4, true, false, TraceLog.NONE));
        assertEquals(ClusterMode.CENTRAL, r.mode());
        assertFalse(stdout(r).contains("(remote)"));
        assertTrue(r.steps().get(0).command().startsWith("ovn-trace --no-leader-only  --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 '"));
    }

    @Test
    void at_most_eight_exec_calls_and_none_per_command() {
        TraceResult r = run(pod(B), Protocol.TCP, 80, false);
        assertTrue(r.execCalls() <= 8, exec.commands().toString());
        TraceResult sequential = run(pod(B), Protocol.TCP, 80, false, new EngineOptions("", null, Duration.ofSeconds(5), 1, false, false, TraceLog.NONE));
        assertEquals(stdout(r), stdout(sequential), "batching changes nothing in the result");
        assertTrue(sequential.execCalls() > 20, "upstream-style one exec per command: " + sequential.execCalls());
    }
}
