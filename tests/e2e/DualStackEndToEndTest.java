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
 * The built-in dual-stack cluster ({@code ovntrace-sandbox up --topology dual-stack}) traced by the real tracer in both
 * families: {@code -addr-family ip6} pod to pod on one node and across nodes, to a Service by name (its IPv6
 * ClusterIP), to an external IPv6 address and into a NetworkPolicy drop; the same in {@code ip4}. Verdicts are
 * upstream's lines and exit codes; the commands must carry the family's addresses, so an IPv4 trace passing in
 * place of an IPv6 one fails. Two clusters cover both OVN versions and both modes (23.03 interconnect, 25.03
 * central), each started once for the class.
 */
class DualStackEndToEndTest {

    static final String P = "fedora-deployment-7d49fddf69-", T4HQW = P + "t4hqw", Q8X2M = P + "q8x2m", CHMVH = P + "chmvh";
    private static final Sandboxes.PerClass CLUSTERS = new Sandboxes.PerClass("ovntrace-dual", "dual-stack");

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @AfterAll
    static void stop() {
        CLUSTERS.close();
    }

    /** Both OVN versions and both modes, each once (the IPv6-only tests too): 23.03 interconnect, 25.03 central. */
    static Stream<Cluster> clusters() {
        return Stream.of(new Cluster(OvnVersion.V23_03, ClusterMode.IC), new Cluster(OvnVersion.V25_03, ClusterMode.CENTRAL));
    }

    private static Sandbox sandbox(Cluster c) {
        return CLUSTERS.of(c);
    }

    private static OvntraceCli.Run trace(Cluster c, String... args) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", sandbox(c).kubeconfig().toString()));
        all.addAll(List.of(args));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    /** ovn-trace's commands as logged at -loglevel 5: what was really traced. */
    static String ovnTraceCommands(OvntraceCli.Run r) {
        return String.join("\n", r.stderr().lines().filter(l -> l.contains("cmd: ovn-trace")).toList());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void ip6_pod_to_pod_across_nodes_and_on_one_node(Cluster c) {
        boolean ic = c.mode() == ClusterMode.IC;
        OvntraceCli.Run across = trace(c, "-src", T4HQW, "-dst", CHMVH, "-addr-family", "ip6", "-tcp", "-dst-port", "8080",
                "-loglevel", "5");
        assertEquals(0, across.exitCode(), across.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, CHMVH, ic), across.lines(), across.describe());
        assertTrue(ovnTraceCommands(across).contains("ip6.src==fd00:10:244:2::6 && ip6.dst==fd00:10:244:3::3"),
                "traced with the pods' IPv6 addresses\n" + across.describe());

        OvntraceCli.Run same = trace(c, "-src", T4HQW, "-dst", Q8X2M, "-addr-family", "ip6", "-udp", "-dst-port", "53",
                "-loglevel", "5");
        assertEquals(0, same.exitCode(), same.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, Q8X2M, false), same.lines(), "one node: no remote steps");
        assertTrue(ovnTraceCommands(same).contains("ip6.src==fd00:10:244:2::6 && ip6.dst==fd00:10:244:2::8"), same.describe());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void ip6_pod_to_service_by_name_goes_to_its_ipv6_cluster_ip(Cluster c) {
        OvntraceCli.Run r = trace(c, "-src", CHMVH, "-dst-namespace", "kube-system", "-service", "kube-dns", "-udp",
                "-dst-port", "53", "-addr-family", "ip6", "-loglevel", "5");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to kube-dns",
                r.lines().get(0), r.describe());
        assertTrue(r.lines().stream().skip(1).allMatch(l -> l.contains("indicates success")), r.describe());
        assertTrue(ovnTraceCommands(r).contains("ip6.dst==fd00:10:96::a"), "kube-dns's IPv6 ClusterIP\n" + r.describe());
        assertTrue(ovnTraceCommands(r).matches("(?s).*--lb-dst \\[fd00:10:244:[23]::4\\]:53.*"),
                "an IPv6 backend is bracketed, else ovn-trace reads it as one address\n" + r.describe());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void ip6_pod_to_an_external_ipv6_address_leaves_through_its_gateway(Cluster c) {
        OvntraceCli.Run r = trace(c, "-src", CHMVH, "-dst-ip", "2001:db8::1", "-addr-family", "ip6", "-tcp", "-dst-port", "443");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(TraceEndToEndTest.externalLines(CHMVH, "2001:db8::1"), r.lines());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void ip6_network_policy_lets_namespace_default_in_and_drops_dev(Cluster c) {
        OvntraceCli.Run allowed = trace(c, "-src", T4HQW, "-dst-namespace", "restricted", "-dst", "db-0", "-tcp",
                "-dst-port", "5432", "-addr-family", "ip6");
        assertEquals(0, allowed.exitCode(), "the policy's IPv6 address set holds namespace default\n" + allowed.describe());
        OvntraceCli.Run dropped = trace(c, "-src-namespace", "dev", "-src", "tool-0", "-dst-namespace", "restricted", "-dst",
                "db-0", "-tcp", "-dst-port", "5432", "-addr-family", "ip6");
        assertEquals(255, dropped.exitCode(), dropped.describe());
        assertTrue(dropped.lines().stream().anyMatch(l -> l.contains("indicates failure from tool-0 to db-0")), dropped.describe());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void ip4_still_works_on_the_dual_stack_cluster(Cluster c) {
        OvntraceCli.Run across = trace(c, "-src", T4HQW, "-dst", CHMVH, "-tcp", "-dst-port", "8080", "-loglevel", "5");
        assertEquals(0, across.exitCode(), across.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, CHMVH, c.mode() == ClusterMode.IC), across.lines());
        assertTrue(ovnTraceCommands(across).contains("ip4.src==10.244.1.6 && ip4.dst==10.244.2.3"), across.describe());

        OvntraceCli.Run same = trace(c, "-src", T4HQW, "-dst", Q8X2M, "-tcp", "-dst-port", "8080");
        assertEquals(0, same.exitCode(), same.describe());
        assertEquals(TraceEndToEndTest.podLines(T4HQW, Q8X2M, false), same.lines());

        OvntraceCli.Run svc = trace(c, "-src", CHMVH, "-service", "fedora", "-tcp", "-dst-port", "80", "-loglevel", "5");
        assertEquals(0, svc.exitCode(), svc.describe());
        assertEquals("ovn-trace source pod to service clusterIP indicates success from " + CHMVH + " to fedora",
                svc.lines().get(0));
        assertTrue(ovnTraceCommands(svc).contains("ip4.dst==10.96.100.10"), svc.describe());
    }

    /**
     * {@code -addr-family dual}: one run, both families side by side: a cell per family, each its own full trace with
     * that family's addresses, one line each and a summary; a JSON report holds both with their family.
     */
    @ParameterizedTest
    @MethodSource("clusters")
    void dual_traces_both_families_in_one_run_and_one_report(Cluster c) throws Exception {
        Path json = Path.of(System.getProperty("java.io.tmpdir"), "ovntrace-dual-" + ProcessHandle.current().pid() + "-"
                + c.version().label() + "-" + c.mode() + ".json");
        try {
            OvntraceCli.Run svc = trace(c, "-src", CHMVH, "-dst-namespace", "kube-system", "-service", "kube-dns", "-udp",
                    "-dst-port", "53", "-addr-family", "dual", "--report", json.toString());
            assertEquals(0, svc.exitCode(), svc.describe());
            List<String> lines = svc.lines();
            assertEquals(3, lines.size(), svc.describe());
            // a line per cell as it completes: the two families run side by side, in either order
            assertEquals(List.of("IPv4  PASSED", "IPv6  PASSED"), lines.subList(0, 2).stream()
                    .map(l -> l.replaceFirst("^default/" + CHMVH + " → svc kube-system/kube-dns:53/UDP (IPv[46]  [A-Z]+) .*", "$1"))
                    .sorted().toList(), svc.describe());
            assertEquals("2 cells: 2 passed, 0 failed, 0 errors", lines.get(2), svc.describe());

            com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
            assertEquals("matrix", report.path("kind").asText());
            List<String> families = new ArrayList<>(), clusterIps = new ArrayList<>();
            report.path("cells").forEach(cell -> {
                families.add(cell.path("family").asText());
                clusterIps.add(cell.path("report").toString().contains("fd00:10:96::a") ? "IPv6 ClusterIP"
                        : cell.path("report").toString().contains("10.96.0.10") ? "IPv4 ClusterIP" : "?");
            });
            assertEquals(List.of("IPv4", "IPv6"), families, report.toString());
            assertEquals(List.of("IPv4 ClusterIP", "IPv6 ClusterIP"), clusterIps, "each cell traced its family's ClusterIP");

            OvntraceCli.Run dropped = trace(c, "-src-namespace", "dev", "-src", "tool-0", "-dst-namespace", "restricted", "-dst",
                    "db-0", "-tcp", "-dst-port", "5432", "-addr-family", "dual");
            assertEquals(255, dropped.exitCode(), "the policy drops both families\n" + dropped.describe());
            assertEquals("2 cells: 0 passed, 2 failed, 0 errors", dropped.lines().get(2), dropped.describe());
        } finally {
            java.nio.file.Files.deleteIfExists(json);
        }
    }
}
