package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The built-in IPv6-only cluster ({@code ovntrace-sandbox up --topology ipv6}; 23.03 interconnect, 25.03 central) traced by
 * the real tracer: pod to pod on one node and across nodes, to a Service by name with the backend steered by a
 * bracketed {@code --lb-dst}, to an external IPv6 address, a NetworkPolicy drop; and {@code -addr-family ip4}
 * refused in upstream's words, since the pods have no IPv4 address. One cluster per version for the class.
 */
class Ipv6OnlyEndToEndTest {

    private static final String T4HQW = DualStackEndToEndTest.T4HQW, Q8X2M = DualStackEndToEndTest.Q8X2M,
            CHMVH = DualStackEndToEndTest.CHMVH;
    private static final Sandboxes.PerClass CLUSTERS = new Sandboxes.PerClass("ovntrace-v6", "ipv6");

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @AfterAll
    static void stop() {
        CLUSTERS.close();
    }

    private static Sandbox sandbox(Cluster c) {
        return CLUSTERS.of(c);
    }

    private static OvntraceCli.Run trace(Cluster c, String... args) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", sandbox(c).kubeconfig().toString(), "-addr-family", "ip6"));
        all.addAll(List.of(args));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @MethodSource("ovntrace.e2e.DualStackEndToEndTest#clusters")
    void pod_to_pod_across_nodes_and_on_one_node(Cluster c) {
        OvntraceCli.Run across = trace(c, "-src", T4HQW, "-dst", CHMVH, "-tcp", "-dst-port", "8080", "-loglevel", "5");
        assertEquals(0, across.exitCode(), across.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, CHMVH, c.mode() == ClusterMode.IC), across.lines());
        assertTrue(DualStackEndToEndTest.ovnTraceCommands(across).contains("ip6.src==fd00:10:244:2::6 && ip6.dst==fd00:10:244:3::3"),
                across.describe());
        OvntraceCli.Run same = trace(c, "-src", T4HQW, "-dst", Q8X2M, "-udp", "-dst-port", "53");
        assertEquals(0, same.exitCode(), same.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, Q8X2M, false), same.lines());
    }

    @ParameterizedTest
    @MethodSource("ovntrace.e2e.DualStackEndToEndTest#clusters")
    void pod_to_service_by_name_reaches_the_steered_backend(Cluster c) {
        OvntraceCli.Run r = trace(c, "-src", CHMVH, "-dst-namespace", "kube-system", "-service", "kube-dns", "-udp", "-dst-port",
                "53", "-loglevel", "5");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to kube-dns", r.lines().get(0));
        assertTrue(r.lines().stream().allMatch(l -> l.contains("indicates success")), r.describe());
        assertTrue(DualStackEndToEndTest.ovnTraceCommands(r).matches("(?s).*ip6.dst==fd00:10:96::a.*--lb-dst \\[fd00:10:244:[23]::4\\]:53.*"),
                r.describe());
    }

    @ParameterizedTest
    @MethodSource("ovntrace.e2e.DualStackEndToEndTest#clusters")
    void pod_to_an_external_ipv6_address_and_a_network_policy_drop(Cluster c) {
        OvntraceCli.Run out = trace(c, "-src", CHMVH, "-dst-ip", "2001:db8::1", "-tcp", "-dst-port", "443");
        assertEquals(0, out.exitCode(), out.describe());
        assertEquals(TraceEndToEndTest.externalLines(CHMVH, "2001:db8::1"), out.lines());
        OvntraceCli.Run dropped = trace(c, "-src-namespace", "dev", "-src", "tool-0", "-dst-namespace", "restricted", "-dst", "db-0",
                "-tcp", "-dst-port", "5432");
        assertEquals(255, dropped.exitCode(), dropped.describe());
        assertTrue(dropped.lines().stream().anyMatch(l -> l.contains("indicates failure from tool-0 to db-0")), dropped.describe());
    }

    @ParameterizedTest
    @MethodSource("ovntrace.e2e.DualStackEndToEndTest#clusters")
    void ip4_is_refused_since_the_pods_have_no_ipv4_address(Cluster c) {
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sandbox(c).kubeconfig().toString(), "-src", T4HQW, "-dst", CHMVH, "-tcp");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("could not find desired pod ip address for the given address family"), r.describe());
    }
}
