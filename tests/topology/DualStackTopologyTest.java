package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.lib.cluster.AddressFamily;

/**
 * {@code ipFamilies} in a topology: kind's IPv6 address plan next to the IPv4 one (dual-stack) or alone (IPv6-only),
 * and what a file may not say.
 */
class DualStackTopologyTest {

    private static final String TWO_NODES = "ipFamilies: [IPv4, IPv6]\nnodes: [{name: a}, {name: b}]\n";

    @Test
    void theBuiltInDualStackClusterHasKindsIpv6PlanNextToTheIpv4One() {
        Topology t = TopologyReader.builtIn("dual-stack");

        assertEquals(List.of(AddressFamily.IP4, AddressFamily.IP6), t.families());
        assertTrue(t.dualStack());
        NodeSpec worker = t.node("ovn-worker");
        assertEquals("10.244.1.0/24", worker.subnet());
        assertEquals("fd00:10:244:2::/64", worker.subnet6(), "the allocator never hands out the /48's first /64");
        assertEquals("fd00:10:244:2::1", worker.gatewayIp6());
        assertEquals("fd00:10:244:2::2", worker.managementIp6());
        assertEquals("fd98::3", worker.joinIp6());
        assertEquals("fd97::3", worker.transitIp6());
        assertEquals("fc00:f853:ccd:e793::3", worker.nodeIp6());

        PodSpec chmvh = pod(t, "fedora-deployment-7d49fddf69-chmvh");
        assertEquals("10.244.2.3", chmvh.ip());
        assertEquals("fd00:10:244:3::3", chmvh.ip6(), "the IPv6 host number follows the IPv4 one");
        assertEquals(List.of("10.244.2.3", "fd00:10:244:3::3"), chmvh.ips());
        assertEquals("0a:58:0a:f4:02:03", chmvh.mac(), "a dual-stack port's MAC comes from its IPv4 address");

        ServiceSpec dns = t.services().stream().filter(s -> s.name().equals("kube-dns")).findFirst().orElseThrow();
        assertEquals(List.of("10.96.0.10", "fd00:10:96::a"), dns.clusterIps(), "kind's kube-dns addresses");
        ServiceSpec fedora = t.services().stream().filter(s -> s.name().equals("fedora")).findFirst().orElseThrow();
        assertEquals("fd00:10:96::640a", fedora.clusterIp6(), "10.96.100.10 is offset 0x640a in 10.96.0.0/16");
        assertEquals(2, t.endpoints(dns).stream().map(PodSpec::node).distinct().count());
        assertEquals(1, t.policies().size(), "small: one NetworkPolicy");
    }

    @Test
    void theDefaultTopologyStaysIpv4Only() {
        Topology t = TopologyReader.defaultTopology();
        assertEquals(List.of(AddressFamily.IP4), t.families());
        assertFalse(t.dualStack());
        t.pods().forEach(p -> assertNull(p.ip6(), p.name()));
        t.services().forEach(s -> assertEquals(List.of(s.clusterIp()), s.clusterIps(), s.name()));
    }

    @Test
    void givenIpv6AddressesAreKeptAndAllocationGoesAroundThem() throws TopologyException {
        Topology t = TopologyReader.parse(TWO_NODES + """
                pods:
                  - {name: p, node: b, ip6: "fd00:10:244:2:0::4"}
                  - {name: q, node: b, ip: 10.244.1.4}
                  - {name: h, node: a, hostNetwork: true}
                services:
                  - {name: s, clusterIP: 10.96.0.5, clusterIP6: "fd00:10:96::55", ports: [{port: 80}]}
                """, "t.yaml");
        assertEquals("fd00:10:244:2::4", pod(t, "p").ip6(), "written as Go writes it");
        assertEquals("10.244.1.3", pod(t, "p").ip());
        assertEquals("fd00:10:244:2::3", pod(t, "q").ip6(), "::4 is p's, so q's own host number is taken: next free");
        assertEquals(List.of("172.18.0.2", "fc00:f853:ccd:e793::2"), pod(t, "h").ips(), "host network: the node's");
        assertEquals("fd00:10:96::55", t.services().get(0).clusterIp6());
    }

    @Test
    void theBuiltInIpv6ClusterHasNoIpv4AndTakesItsMacsFromIpv6Addresses() {
        Topology t = TopologyReader.builtIn("ipv6");
        assertEquals(List.of(AddressFamily.IP6), t.families());
        assertFalse(t.hasIpv4());
        PodSpec chmvh = pod(t, "fedora-deployment-7d49fddf69-chmvh");
        assertNull(chmvh.ip());
        assertEquals(List.of("fd00:10:244:3::3"), chmvh.ips());
        assertEquals(Addressing.mac6("fd00:10:244:3::3"), chmvh.mac(), "util.IPAddrToHWAddr of its only address");
        NodeSpec worker = t.node("ovn-worker");
        assertEquals(Addressing.mac6("fd00:10:244:2::1"), worker.gatewayMac());
        assertEquals(Addressing.mac6("fd97::3"), worker.transitMac());
        assertEquals("fc00:f853:ccd:e793::3", worker.primaryNodeIp());
        ServiceSpec dns = t.services().stream().filter(s -> s.name().equals("kube-dns")).findFirst().orElseThrow();
        assertEquals(List.of("fd00:10:96::a"), dns.clusterIps());
        assertEquals(List.of("fd00:10:244:2::2"), t.perFamily("10.244.1.2", "fd00:10:244:2::2"));
    }

    @Test
    void anIpv6OnlyClusterAllocatesFromThree() throws TopologyException {
        Topology t = TopologyReader.parse("ipFamilies: [IPv6]\nnodes: [{name: a}]\npods: [{name: p, node: a}, "
                + "{name: q, node: a, ip6: \"fd00:10:244:1::3\"}]\n", "t.yaml");
        assertEquals("fd00:10:244:1::4", pod(t, "p").ip6(), "::3 is q's");
        assertNull(pod(t, "p").ip());
    }

    @Test
    void ipv6MacsAreOvnKubernetesHashOfTheAddressAsGoPrintsIt() {
        // util.IPAddrToHWAddr: 0a:58 + sha256("fd00:10:244:2::3")[0:4] = 49a193cb.
        assertEquals("0a:58:49:a1:93:cb", Addressing.mac6("fd00:10:244:2::3"));
        assertEquals(Addressing.mac6("fd00:10:244:2::3"), Addressing.mac6("fd00:10:244:2:0:0:0:3"));
    }

    @Test
    void builtInTopologiesAreFoundByName() {
        assertEquals(List.of("default", "dual-stack", "ipv6", "udn"), TopologyReader.builtInNames());
        assertEquals(TopologyReader.defaultText(), TopologyReader.builtInText("default").orElseThrow());
        assertTrue(TopologyReader.builtInText("dual").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ip on ipv6 only           | ipFamilies: [IPv6]\\nnodes: [{name: a}]\\npods: [{name: p, node: a, ip: 10.244.0.3}] | pods[0].ip: an IPv6-only cluster has no IPv4 addresses; give the pod's address as ip6
        clusterIP on ipv6 only    | ipFamilies: [IPv6]\\nnodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, ports: [{port: 80}]}] | services[0].clusterIP: an IPv6-only cluster has no IPv4 ClusterIPs
        no clusterIP6, ipv6 only  | ipFamilies: [IPv6]\\nnodes: [{name: a}]\\nservices: [{name: s, ports: [{port: 80}]}] | services[0].clusterIP6: required field is missing
        admin policy with ipv6    | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\nadminNetworkPolicies: [] | adminNetworkPolicies: not rendered for IPv6 yet
        egress firewall, ipv6     | ipFamilies: [IPv6]\\nnodes: [{name: a}]\\negressFirewalls: [] | egressFirewalls: not rendered for IPv6 yet
        ipv6 first                | ipFamilies: [IPv6, IPv4]\\nnodes: [{name: a}]           | ipFamilies: [IPv6, IPv4] is not a set of IP families
        unknown family            | ipFamilies: [IPv5]\\nnodes: [{name: a}]                 | ipFamilies: [IPv5] is not a set of IP families
        ip6 on an ipv4 cluster    | nodes: [{name: a}]\\npods: [{name: p, node: a, ip6: "fd00:10:244:1::5"}] | pods[0].ip6: an IPv6 address needs IPv6 in ipFamilies
        ip6 of another node       | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}, {name: b}]\\npods: [{name: p, node: a, ip6: "fd00:10:244:2::5"}] | pods[0].ip6: fd00:10:244:2::5 is not a pod address of node a: use fd00:10:244:1::3 and up
        ip6 on the router         | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\npods: [{name: p, node: a, ip6: "fd00:10:244:1::1"}] | pods[0].ip6: fd00:10:244:1::1 is not a pod address
        ip6 twice                 | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\npods: [{name: p, node: a, ip6: "fd00:10:244:1::9"}, {name: q, node: a, ip6: "fd00:10:244:1::9"}] | pods[1].ip6: fd00:10:244:1::9 is given to two pods
        host pod with ip6         | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\npods: [{name: p, node: a, hostNetwork: true, ip6: "fd00:10:244:1::9"}] | pods[0].ip6: a host-network pod has the node's address
        clusterIP6 outside cidr   | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, clusterIP6: "fd00:10:97::5", ports: [{port: 80}]}] | services[0].clusterIP6: fd00:10:97::5 is not an address in the service CIDR fd00:10:96::/112
        clusterIP6 on ipv4        | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, clusterIP6: "fd00:10:96::5", ports: [{port: 80}]}] | services[0].clusterIP6: an IPv6 ClusterIP needs IPv6 in ipFamilies
        clusterIP6 twice          | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, ports: [{port: 80}]}, {name: t, clusterIP: 10.96.0.6, clusterIP6: "fd00:10:96::5", ports: [{port: 80}]}] | services[1].clusterIP6: fd00:10:96::5 is given to two services
        """)
    void badDualStackFilesNameTheField(String scenario, String yaml, String expected) {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyReader.parse(yaml.replace("\\n", "\n"), "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> scenario + ": got " + e.getMessage());
    }

    private static PodSpec pod(Topology t, String name) {
        return t.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
