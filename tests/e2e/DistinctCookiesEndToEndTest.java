package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.ovn.NodeShell;
import ovntrace.lib.trace.DetraceCommands;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.support.Processes;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The real ovn-detrace of both OVN versions fed each distinct cookie once ({@link DetraceCommands#distinctCookies}):
 * over the real ofproto/trace outputs of the documentation example and of a NetworkPolicy-restricted pod (whose ACL
 * shows in the records), each alone and a node's all joined as a batch joins them, it prints byte for byte what
 * upstream's one-shot prints, and those inputs do repeat cookies (so the lookups it saves are real).
 */
class DistinctCookiesEndToEndTest {

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    static Stream<Cluster> clusters() {
        return Sandboxes.pairwise();
    }

    private static final Pattern COOKIE = Pattern.compile("cookie 0x([0-9a-fA-F]+)");

    @ParameterizedTest
    @MethodSource("clusters")
    void the_output_is_the_one_shots_byte_for_byte(Cluster cluster) {
        Sandbox sb = Sandboxes.of(cluster);
        // the ofproto/trace outputs by node, and the upstream ovn-detrace command of that node
        Map<String, List<String>> traces = new LinkedHashMap<>();
        Map<String, String> detrace = new LinkedHashMap<>();
        for (TraceRequest r : List.of(
                request("default/" + TraceEndToEndTest.CHMVH, "default/" + TraceEndToEndTest.T4HQW, Protocol.UDP, 53),
                request("dev/tool-0", "restricted/db-0", Protocol.TCP, 5432))) {
            for (StepResult s : trace(sb, r).steps()) {
                if (s.exec() == null || s.where() == null) continue;
                if (s.tool() == Tool.OFPROTO_TRACE && s.exec().exitCode() == 0) {
                    traces.computeIfAbsent(s.where().node(), n -> new ArrayList<>()).add(s.exec().stdout());
                }
                if (s.tool() == Tool.OVN_DETRACE) detrace.put(s.where().node(), s.command());
            }
        }
        assertFalse(traces.isEmpty(), "no ofproto/trace output");
        int repeated = 0;
        for (var node : traces.entrySet()) {
            String command = detrace.get(node.getKey());
            List<String> inputs = new ArrayList<>(node.getValue());
            inputs.add(String.join("\n\novntrace-joined\n", node.getValue()));
            for (String input : inputs) {
                Processes.Outcome whole = feed(sb, node.getKey(), command, input);
                Processes.Outcome distinct = feed(sb, node.getKey(), DetraceCommands.distinctCookies(command), input);
                assertEquals(0, whole.exitCode(), whole.describe());
                assertEquals(whole.stdout(), distinct.stdout(), cluster + ", node " + node.getKey());
                assertEquals(whole.exitCode(), distinct.exitCode());
                assertTrue(whole.stdout().contains("Logical flow:"), "records were printed: " + whole.stderr());
                if (cookies(input).size() > cookies(input).stream().distinct().count()) repeated++;
            }
        }
        assertTrue(repeated > 0, "no input repeated a cookie");
    }

    private static TraceRequest request(String src, String dst, Protocol p, int port) {
        return new TraceRequest(PodRef.parse(src), new Target.Pod(PodRef.parse(dst)), p, port, AddressFamily.IP4, false, false);
    }

    private static ovntrace.lib.trace.TraceResult trace(Sandbox sb, TraceRequest r) {
        try (KubernetesClient client = sb.client()) {
            return new TraceEngine(new FabricClusterApi(client), new KubePodExec(client), EngineOptions.defaults()).run(r);
        }
    }

    /** {@code command} in the node's pod, reading {@code input} on stdin (a joined input outgrows an argument). */
    private static Processes.Outcome feed(Sandbox sb, String node, String command, String input) {
        try {
            return Processes.fed(new NodeShell(sb.layout()).processBuilder(node, List.of("bash", "-c", command)), input, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> cookies(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = COOKIE.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
