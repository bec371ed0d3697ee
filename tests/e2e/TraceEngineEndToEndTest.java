package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/** The engine and the fabric8 exec adapter against the local cluster's API server and real node pods. */
class TraceEngineEndToEndTest {

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    private static TraceResult docsExample(Sandbox sb, EngineOptions options) {
        try (KubernetesClient client = sb.client()) {
            TraceRequest req = new TraceRequest(new PodRef("default", TraceEndToEndTest.CHMVH),
                    new Target.Pod(new PodRef("default", TraceEndToEndTest.T4HQW)), Protocol.UDP, 53, AddressFamily.IP4, false, false);
            return new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), options).run(req);
        }
    }

    @Test
    void a_cross_node_run_takes_one_exec_per_node_and_runs_upstreams_exact_commands() {
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        TraceResult r = docsExample(Sandboxes.ic(), EngineOptions.defaults().withLog((level, m) -> log.add(m)));
        assertEquals(0, r.exitCode());
        assertEquals(2, r.execCalls(), "each node's lookups and its steps in one exec, which stays open for the receiving"
                + " node's steps of the request and of the reply (they read the sending node's tunnel output)");
        assertEquals(2, log.stream().filter(m -> m.startsWith("Running") && m.contains(" in the open exec ")).count(),
                "both nodes' second rounds went to their open execs: " + log);
        long sent = r.steps().stream().filter(s -> !s.label().contains("(receiving)") && !s.label().startsWith("ovn-detrace")).count();
        assertTrue(log.contains(sent + " step(s) taken from the lookups' execs"), "every step but the receiving nodes' and the"
                + " ovn-detrace steps ran in its node's lookup exec and was kept: " + log);
        // both nodes receive a packet: each node's ovn-detrace steps wait for that exec and run there in one ovn-detrace
        assertEquals(2, log.stream().filter(m -> m.startsWith("Running") && m.contains("| ovn-detrace")).count(),
                "ovn-detrace in two execs, the receiving ones: " + log);
        StepResult first = r.steps().get(0);
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 'inport==\"default_fedora-deployment-7d49fddf69-chmvh\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && udp.dst==53 && udp.src==52888'", first.command());
        assertTrue(first.exec().stdout().contains("/* output to \"tstor-ovn-worker\", type \"remote\" */"), first.exec().stdout());
        StepResult ofproto = r.steps().get(4);
        assertTrue(ofproto.exec().stdout().contains("-> output to kernel tunnel"));
        StepResult detrace = r.steps().get(6);
        assertTrue(detrace.exec().stdout().contains("Logical datapath") || detrace.exec().stdout().contains(" * "),
                "ovn-detrace annotated the piped ofproto/trace output:\n" + detrace.exec().stdout());
        assertEquals(ofproto.where(), detrace.where(), "ovn-detrace reads the trace on the node that made it");
    }

    @Test
    void one_exec_per_command_gives_the_same_verdicts() {
        EngineOptions d = EngineOptions.defaults();
        TraceResult batched = docsExample(Sandboxes.ic(), d);
        TraceResult sequential = docsExample(Sandboxes.ic(), new EngineOptions("", null, d.timeout(), 1, false, true, d.log()));
        assertEquals(batched.steps().stream().map(StepResult::resultLine).toList(), sequential.steps().stream().map(StepResult::resultLine).toList());
        assertTrue(sequential.execCalls() >= 20, "upstream-style: " + sequential.execCalls());
    }

    @Test
    void exec_streams_exit_codes_and_the_deadline() throws Exception {
        Sandbox sb = Sandboxes.ic();
        try (KubernetesClient client = sb.client()) {
            ExecTarget t = new ExecTarget("ovn-kubernetes", sb.ovnkubePod("ovn-worker"), "ovnkube-controller", "ovn-worker");
            KubePodExec exec = new KubePodExec(client);
            ExecResult r = exec.exec(t, "echo out; echo err >&2; exit 3", Duration.ofSeconds(20));
            assertEquals(new ExecResult(3, "out\n", "err\n", r.duration()), r);
            // the deadline is proved by the outcome, not by a stopwatch: without it the command would end normally after 30 s
            PodExec.ExecException e = assertThrows(PodExec.ExecException.class, () -> exec.exec(t, "echo started; sleep 30", Duration.ofSeconds(2)));
            assertTrue(e.getMessage().startsWith("timed out after 2s in pod ovn-kubernetes/"), e.getMessage());
        }
    }

    @Test
    void vrf_dump_gives_each_networks_management_link_table() throws Exception {
        Sandbox sb = Sandboxes.ic();
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sb.kubeconfig().toString(), "-dump-udn-vrf-table-ids");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(1, r.lines().size(), "compact JSON on one line, as upstream prints it");
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (String node : new String[] {"ovn-control-plane", "ovn-worker", "ovn-worker2"}) {
            Map<String, Long> tables = new TreeMap<>();
            for (JsonNode link : new ObjectMapper().readTree(sb.run(node, "ip -j link").stdout())) {
                String name = link.path("ifname").asText();
                if (name.equals("ovn-k8s-mp1")) tables.put("blue", link.path("ifindex").asLong() + 1000);
                if (name.equals("ovn-k8s-mp2")) tables.put("red", link.path("ifindex").asLong() + 1000);
            }
            expected.put(node, tables);
        }
        assertEquals(new ObjectMapper().writeValueAsString(expected), r.stdout().strip(), "keys sorted, ifindex + 1000");
    }
}
