package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;

/**
 * Upstream's own test-script scenarios, run through the command line against the local cluster with real OVN, in
 * interconnect and central mode, on every supported OVN version (23.03 and 25.03: the same lines and exit codes on
 * each). Nothing here is canned: every verdict comes from real ovn-trace, ofproto/trace and ovn-detrace output in
 * the node pods.
 */
class TraceEndToEndTest {

    static final String CHMVH = "fedora-deployment-7d49fddf69-chmvh", T4HQW = "fedora-deployment-7d49fddf69-t4hqw";
    static final String COREDNS_W2 = "coredns-5d78c9869d-x9vqz";

    @BeforeAll
    static void sandboxes() {
        Sandboxes.assumeE2e();
    }

    /** Every OVN version in both modes: the result lines and exit codes must not depend on either. */
    static Stream<Cluster> clusters() {
        return Sandboxes.clusters();
    }

    /**
     * Every scenario but the documentation example (upstream's lines, cross-node pod to pod, on all four pairs): see
     * {@link Sandboxes#pairwise()}.
     */
    static Stream<Cluster> pairwise() {
        return Sandboxes.pairwise();
    }

    /** On 23.03 (for tests not yet parameterised over the OVN version). */
    static OvntraceCli.Run trace(ClusterMode mode, String... args) {
        return trace(new Cluster(OvnVersion.V23_03, mode), args);
    }

    static OvntraceCli.Run trace(Cluster cluster, String... args) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", Sandboxes.of(cluster).kubeconfig().toString()));
        all.addAll(List.of(args));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    /** Upstream's three lines of a passing pod-to-IP run. */
    static List<String> externalLines(String pod, String ip) {
        return List.of("ovn-trace from pod to IP indicates success from " + pod + " to " + ip,
                "ovs-appctl ofproto/trace pod to IP indicates success from " + pod + " to " + ip,
                "ovn-detrace pod to external IP indicates success from " + pod + " to " + ip);
    }

    static List<String> podLines(String a, String b, boolean remote) {
        List<String> lines = new ArrayList<>();
        lines.add("ovn-trace source pod to destination pod indicates success from " + a + " to " + b);
        if (remote) lines.add("ovn-trace (remote) source pod to destination pod indicates success from " + a + " to " + b);
        lines.add("ovn-trace destination pod to source pod indicates success from " + b + " to " + a);
        if (remote) lines.add("ovn-trace (remote) destination pod to source pod indicates success from " + b + " to " + a);
        lines.add("ovs-appctl ofproto/trace source pod to destination pod indicates success from " + a + " to " + b);
        lines.add("ovs-appctl ofproto/trace destination pod to source pod indicates success from " + b + " to " + a);
        lines.add("ovn-detrace source pod to destination pod indicates success from " + a + " to " + b);
        lines.add("ovn-detrace destination pod to source pod indicates success from " + b + " to " + a);
        return lines;
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void docs_example_prints_the_documented_lines(Cluster mode) {
        OvntraceCli.Run r = trace(mode, "-src-namespace", "default", "-src", CHMVH, "-dst-namespace", "default", "-dst", T4HQW,
                "-udp", "-dst-port", "53", "-loglevel", "0");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(podLines(CHMVH, T4HQW, mode.mode() == ClusterMode.IC), r.lines(), "in central mode without (remote)");
        assertEquals(List.of(), r.errorLines(), "quiet as upstream (a slow machine's progress display aside)");
    }

    @ParameterizedTest
    @MethodSource("pairwise")
    void pod_to_pod_tcp_and_udp_across_nodes_and_on_one_node(Cluster mode) {
        for (String proto : new String[] {"-tcp", "-udp"}) {
            OvntraceCli.Run across = trace(mode, "-src", CHMVH, "-dst", T4HQW, proto, "-dst-port", "8080");
            assertEquals(0, across.exitCode(), across.describe());
            assertEquals(podLines(CHMVH, T4HQW, mode.mode() == ClusterMode.IC), across.lines());
            OvntraceCli.Run same = trace(mode, "-src", CHMVH, "-dst-namespace", "kube-system", "-dst", COREDNS_W2, proto, "-dst-port", "53");
            assertEquals(0, same.exitCode(), same.describe());
            assertEquals(podLines(CHMVH, COREDNS_W2, false), same.lines(), "same node: same zone, no remote steps");
            OvntraceCli.Run self = trace(mode, "-src", CHMVH, "-dst", CHMVH, proto);
            assertEquals(0, self.exitCode(), "upstream's script also traces a pod to itself\n" + self.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("pairwise")
    void pod_to_host_network_pod_and_back(Cluster mode) {
        OvntraceCli.Run r = trace(mode, "-src", CHMVH, "-dst-namespace", "kube-system", "-dst", "etcd-ovn-control-plane", "-tcp", "-dst-port", "2379");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("ovn-trace source pod to destination pod indicates success from " + CHMVH + " to etcd-ovn-control-plane", r.lines().get(0));
        assertEquals(mode.mode() == ClusterMode.IC ? 7 : 6, r.lines().size(), "no remote step towards a host-network pod\n" + r.describe());
    }

    @ParameterizedTest
    @MethodSource("pairwise")
    void pod_to_service_over_tcp_and_udp(Cluster mode) {
        OvntraceCli.Run tcp = trace(mode, "-src", CHMVH, "-service", "fedora", "-tcp", "-dst-port", "80", "-loglevel", "1");
        assertEquals(0, tcp.exitCode(), tcp.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to fedora", tcp.lines().get(0));
        assertTrue(tcp.stderr().contains("Using pod fedora-deployment-7d49fddf69-"), tcp.describe());
        OvntraceCli.Run udp = trace(mode, "-src", CHMVH, "-dst-namespace", "kube-system", "-service", "kube-dns", "-udp", "-dst-port", "53");
        assertEquals(0, udp.exitCode(), "UDP to a Service, which upstream refuses\n" + udp.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to kube-dns", udp.lines().get(0));
    }

    @ParameterizedTest
    @MethodSource("pairwise")
    void pod_to_an_external_ip_leaves_through_its_nodes_gateway(Cluster mode) {
        OvntraceCli.Run r = trace(mode, "-src", CHMVH, "-dst-ip", "8.8.8.8", "-tcp", "-dst-port", "443", "-loglevel", "1");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(externalLines(CHMVH, "8.8.8.8"), r.lines());
        assertTrue(r.stderr().contains("bridge\\(\"breth0\"\\)"), "SNAT on the gateway router, out of breth0\n" + r.describe());
    }

    @ParameterizedTest
    @MethodSource("pairwise")
    void host_network_pod_to_an_external_ip_is_refused(Cluster mode) {
        OvntraceCli.Run r = trace(mode, "-src-namespace", "kube-system", "-src", "etcd-ovn-control-plane", "-dst-ip", "8.8.8.8", "-tcp");
        assertEquals(1, r.exitCode());
        assertEquals(List.of("Pod cannot be on Host Network when tracing to an IP address; use ping"), r.errorLines());
        assertEquals("", r.stdout());
    }
}
