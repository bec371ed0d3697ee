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
 * The built-in udn cluster ({@code ovntrace-sandbox up --topology udn}) traced by the real tracer: pods on a primary
 * user-defined network are traced on that network (its switches, routers, transit switch and ports) and pass, layer3
 * on one node and across nodes, layer2 across nodes (and namespaces of the ClusterUserDefinedNetwork); a UDN pod's
 * traffic to a default-network pod or to a pod of another UDN fails, naming UDN isolation; a default-network pod's
 * to a UDN pod is dropped by the isolation ACL, which the report names. Upstream's lines and exit codes throughout.
 * Both OVN versions, interconnect (layer2 needs one node per zone), one cluster each for the class.
 */
class UdnTraceEndToEndTest {


    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    static Stream<Cluster> clusters() {
        return Sandboxes.udnClusters();
    }

    private static OvntraceCli.Run trace(Cluster c, String src, String dst, String... more) {
        List<String> all = new ArrayList<>(List.of("-kubeconfig", Sandboxes.UDN.of(c).kubeconfig().toString(),
                "-src-namespace", src.split("/")[0], "-src", src.split("/")[1],
                "-dst-namespace", dst.split("/")[0], "-dst", dst.split("/")[1], "-tcp", "-dst-port", "8080"));
        all.addAll(List.of(more));
        return OvntraceCli.run(all.toArray(String[]::new));
    }

    /**
     * Traces {@code src} to {@code dst} at -loglevel 5 and checks upstream's lines all pass (with the remote steps when
     * {@code remote}) and that one of the ovn-trace commands really ran contains {@code traced}: the network's names.
     */
    private static void passesOnItsNetwork(Cluster c, String src, String dst, boolean remote, String traced, String why) {
        OvntraceCli.Run r = trace(c, src, dst, "-loglevel", "5");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(TraceEndToEndTest.podLines(src.split("/")[1], dst.split("/")[1], remote), r.lines(), r.describe());
        String commands = String.join("\n", r.stderr().lines().filter(l -> l.contains("cmd: ovn-trace")).toList());
        assertTrue(commands.contains(traced), why + "\n" + r.describe());
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void layer3_pod_to_pod_on_one_node_and_across_nodes_passes_on_the_udn(Cluster c) {
        passesOnItsNetwork(c, "blue/web-0", "blue/web-2", false, "blue_tenant_ovn-worker 'inport==\"blue.tenant_blue_web-0\"",
                "traced on the network's own switch from the pod's UDN port");
        passesOnItsNetwork(c, "blue/web-0", "blue/web-1", true, "'inport==\"blue_tenant_tstor-ovn-worker\"",
                "the remote half enters from the network's transit switch");
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void layer2_pod_to_pod_on_one_node_and_across_nodes_passes_on_the_cudn(Cluster c) {
        passesOnItsNetwork(c, "green-a/app-0", "green-b/app-1", true,
                "cluster_udn_shared_ovn_layer2_switch 'inport==\"green.a.shared_green-a_app-0\"",
                "the network's one switch, from the pod's port named after its namespace's NAD");
        passesOnItsNetwork(c, "green-a/app-0", "green-b/app-2", false,
                "cluster_udn_shared_ovn_layer2_switch 'inport==\"green.a.shared_green-a_app-0\"",
                "on one node too, the network's one switch");
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void a_udn_pod_to_a_default_network_pod_and_to_another_udns_pod_fails_naming_udn_isolation(Cluster c) {
        for (String dst : List.of("default/fedora-b", "red/db-0")) {
            OvntraceCli.Run r = trace(c, "blue/web-0", dst);
            assertEquals(255, r.exitCode(), r.describe());
            assertTrue(r.lines().stream().noneMatch(l -> l.contains("indicates success")), r.describe());
            assertTrue(r.lines().get(0).startsWith("ovn-trace source pod to destination pod indicates failure"), r.describe());
            assertTrue(r.stderr().contains("blocked by UDN isolation: blue/web-0 is on network blue_tenant"), r.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void a_default_network_pod_to_a_udn_pod_is_dropped_by_the_isolation_acl_the_report_names(Cluster c) {
        OvntraceCli.Run r = trace(c, "default/fedora-a", "blue/web-0", "--format", "md");
        assertEquals(255, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("UDN isolation DenySecondary"), r.describe());
        assertTrue(r.stdout().contains("network `blue_tenant` (layer3)"), "the destination's primary network\n" + r.describe());
    }
}
