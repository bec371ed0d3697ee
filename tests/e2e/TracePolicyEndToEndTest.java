package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.parse.AclStage;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OfprotoTraceParser;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;
import ovntrace.support.Sandboxes;

/**
 * The local cluster's namespace "restricted" denies all ingress to db-0 except TCP 5432 from namespace default.
 * A denied pair must fail (exit 255) at the step where the drop shows; the allowed pair must pass.
 */
class TracePolicyEndToEndTest {

    static final String T4HQW = TraceEndToEndTest.T4HQW, CHMVH = TraceEndToEndTest.CHMVH;

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    /** Every OVN version in both modes: the policy must show the same way on 23.03 and 25.03. */
    static Stream<Sandboxes.Cluster> clusters() {
        return Sandboxes.pairwise(); // both versions, both modes: see Sandboxes.pairwise()
    }

    private static OvntraceCli.Run trace(Sandboxes.Cluster cluster, String... args) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", Sandboxes.of(cluster).kubeconfig().toString()));
        all.addAll(List.of(args));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    private static String line(String label, String verdict, String a, String b) {
        return label + " indicates " + verdict + " from " + a + " to " + b;
    }

    /** The raw output of the step labelled {@code label}, as -loglevel 2 prints it: "{@code <label> Output:}", the text. */
    private static String output(OvntraceCli.Run r, String label) {
        String marker = label + " Output:\n", err = r.stderr();
        int start = err.indexOf(marker);
        assertTrue(start >= 0, "no output of " + label + "\n" + r.describe());
        start += marker.length();
        Matcher next = NEXT_SECTION.matcher(err);
        return err.substring(start, next.find(start) ? next.start() : err.length());
    }

    private static final Pattern NEXT_SECTION = Pattern.compile("\n[^\n]* (?:Output|stderr):\n");

    @ParameterizedTest
    @MethodSource("clusters")
    void the_allowed_port_from_the_allowed_namespace_passes(Sandboxes.Cluster cluster) {
        ClusterMode mode = cluster.mode();
        OvntraceCli.Run r = trace(cluster, "-src", T4HQW, "-dst-namespace", "restricted", "-dst", "db-0", "-tcp", "-dst-port", "5432");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, "db-0", mode == ClusterMode.IC), r.lines());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void another_port_across_nodes_fails_where_the_destination_zone_drops_it(Sandboxes.Cluster cluster) {
        ClusterMode mode = cluster.mode();
        OvntraceCli.Run r = trace(cluster, "-src", T4HQW, "-dst-namespace", "restricted", "-dst", "db-0", "-tcp", "-dst-port", "80",
                "-loglevel", "2");
        assertEquals(255, r.exitCode(), r.describe());
        String dropping = mode == ClusterMode.IC ? "ovn-trace (remote) source pod to destination pod" : "ovn-trace source pod to destination pod";
        assertTrue(r.lines().contains(line(dropping, "failure", T4HQW, "db-0")), r.describe());
        assertTrue(r.lines().contains(line("ovn-trace destination pod to source pod", "success", "db-0", T4HQW)), "the reply direction is open");
        // the real ovn-trace output shows the drop in the default-deny ACL's stage (drop; on 23.03, the pipeline
        // ending after ls_out_acl_action on 24+)
        OvnTrace.DropSite drop = OvnTraceParser.parse(output(r, dropping)).drop()
                .orElseThrow(() -> new AssertionError("no drop in the ovn-trace output\n" + r.describe()));
        assertEquals("ls_out_acl", AclStage.of(drop.stage().name()).map(AclStage::family).orElse(""), r.describe());
        assertTrue(drop.aclDecision().isPresent(), "the ACL's verdict flow is in the trace\n" + r.describe());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void the_allowed_port_from_another_namespace_on_the_same_node_fails_in_the_openflow_trace(Sandboxes.Cluster cluster) {
        OvntraceCli.Run r = trace(cluster, "-src-namespace", "kube-system", "-src", TraceEndToEndTest.COREDNS_W2,
                "-dst-namespace", "restricted", "-dst", "db-0", "-tcp", "-dst-port", "5432", "-loglevel", "2");
        assertEquals(255, r.exitCode(), r.describe());
        assertTrue(r.lines().contains(line("ovs-appctl ofproto/trace source pod to destination pod", "failure", TraceEndToEndTest.COREDNS_W2, "db-0")),
                r.describe());
        OfprotoTrace of = OfprotoTraceParser.parse(output(r, "ovs-appctl ofproto/trace source pod to destination pod"));
        assertTrue(of.dropped(), r.describe());
        assertTrue(of.drop().map(d -> !d.table().cookie().isEmpty()).orElse(false),
                "the pass ends at a logical flow's table (with or without a drop action)\n" + r.describe());
        assertTrue(r.lines().size() >= 6, "every step still ran: " + r.lines());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void fail_fast_stops_at_the_first_failing_step_like_upstream(Sandboxes.Cluster cluster) {
        OvntraceCli.Run r = trace(cluster, "--fail-fast", "-src-namespace", "kube-system", "-src", TraceEndToEndTest.COREDNS_W2,
                "-dst-namespace", "restricted", "-dst", "db-0", "-tcp", "-dst-port", "5432");
        assertEquals(255, r.exitCode(), r.describe());
        assertTrue(r.lines().get(r.lines().size() - 1).contains("indicates failure"), "the last line is the failure:\n" + r.describe());
        assertEquals(1, r.lines().stream().filter(l -> l.contains("indicates failure")).count());
    }
}
