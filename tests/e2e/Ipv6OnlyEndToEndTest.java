package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The built-in IPv6-only cluster ({@code ovntrace-sandbox up --topology ipv6}, OVN 23.03, interconnect) traced by
 * the real tracer: pod to pod on one node and across nodes, to a Service by name with the backend steered by a
 * bracketed {@code --lb-dst}, to an external IPv6 address, a NetworkPolicy drop; and {@code -addr-family ip4}
 * refused in upstream's words, since the pods have no IPv4 address. One cluster for the class.
 */
class Ipv6OnlyEndToEndTest {

    private static final String T4HQW = DualStackEndToEndTest.T4HQW, Q8X2M = DualStackEndToEndTest.Q8X2M,
            CHMVH = DualStackEndToEndTest.CHMVH;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        Sandboxes.assumeE2e();
        sandbox = Sandboxes.start(new Cluster(OvnVersion.V23_03, ClusterMode.IC),
                Path.of("/run/ovntrace-v6-" + ProcessHandle.current().pid()), "ipv6");
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static OvntraceCli.Run trace(String... args) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", sandbox.kubeconfig().toString(), "-addr-family", "ip6"));
        all.addAll(List.of(args));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    @Test
    void pod_to_pod_across_nodes_and_on_one_node() {
        OvntraceCli.Run across = trace("-src", T4HQW, "-dst", CHMVH, "-tcp", "-dst-port", "8080", "-loglevel", "5");
        assertEquals(0, across.exitCode(), across.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, CHMVH, true), across.lines());
        assertTrue(DualStackEndToEndTest.ovnTraceCommands(across).contains("ip6.src==fd00:10:244:2::6 && ip6.dst==fd00:10:244:3::3"),
                across.describe());
        OvntraceCli.Run same = trace("-src", T4HQW, "-dst", Q8X2M, "-udp", "-dst-port", "53");
        assertEquals(0, same.exitCode(), same.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, Q8X2M, false), same.lines());
    }

    @Test
    void pod_to_service_by_name_reaches_the_steered_backend() {
        OvntraceCli.Run r = trace("-src", CHMVH, "-dst-namespace", "kube-system", "-service", "kube-dns", "-udp", "-dst-port",
                "53", "-loglevel", "5");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to kube-dns", r.lines().get(0));
        assertTrue(r.lines().stream().allMatch(l -> l.contains("indicates success")), r.describe());
        assertTrue(DualStackEndToEndTest.ovnTraceCommands(r).matches("(?s).*ip6.dst==fd00:10:96::a.*--lb-dst \\[fd00:10:244:[23]::4\\]:53.*"),
                r.describe());
    }

    @Test
    void pod_to_an_external_ipv6_address_and_a_network_policy_drop() {
        OvntraceCli.Run out = trace("-src", CHMVH, "-dst-ip", "2001:db8::1", "-tcp", "-dst-port", "443");
        assertEquals(0, out.exitCode(), out.describe());
        assertEquals(TraceEndToEndTest.externalLines(CHMVH, "2001:db8::1"), out.lines());
        OvntraceCli.Run dropped = trace("-src-namespace", "dev", "-src", "tool-0", "-dst-namespace", "restricted", "-dst", "db-0",
                "-tcp", "-dst-port", "5432");
        assertEquals(255, dropped.exitCode(), dropped.describe());
        assertTrue(dropped.lines().stream().anyMatch(l -> l.contains("indicates failure from tool-0 to db-0")), dropped.describe());
    }

    @Test
    void ip4_is_refused_since_the_pods_have_no_ipv4_address() {
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", sandbox.kubeconfig().toString(), "-src", T4HQW, "-dst", CHMVH, "-tcp");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("could not find desired pod ip address for the given address family"), r.describe());
    }
}
