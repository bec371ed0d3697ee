package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.lib.cluster.ClusterMode;

/**
 * The {@code udns} section of a topology: primary user-defined networks read into {@link UdnSpec}s, their
 * namespaces labelled, their pods addressed on them, every node publishing their ids, and what a file may not say.
 */
class UdnTopologyReaderTest {

    @Test
    void theBuiltInUdnClusterHasALayer3UdnALayer2CudnAndAnotherLayer3Udn() {
        Topology t = TopologyReader.builtIn("udn");

        assertEquals(ClusterMode.IC, t.mode());
        assertEquals(List.of("blue_tenant", "cluster_udn_shared", "red_tenant"),
                t.udns().stream().map(UdnSpec::networkName).toList());
        assertEquals(List.of(UdnSpec.Layer.LAYER3, UdnSpec.Layer.LAYER2, UdnSpec.Layer.LAYER3),
                t.udns().stream().map(UdnSpec::topology).toList());
        assertEquals(UdnSpec.Scope.CLUSTER, t.udns().get(1).scope());
        assertEquals(List.of("green-a", "green-b"), t.udns().get(1).namespaces());
        for (NodeSpec n : t.nodes()) {
            assertEquals(Map.of("blue_tenant", 1, "cluster_udn_shared", 2, "red_tenant", 3), n.networks(),
                    "every node publishes every network in k8s.ovn.org/network-ids");
        }
        for (String ns : List.of("blue", "green-a", "green-b", "red")) {
            assertEquals("", t.namespace(ns).labels().get(UdnSpec.NAMESPACE_LABEL), ns + " is labelled for a primary UDN");
        }
        assertEquals(null, t.namespace("default").labels().get(UdnSpec.NAMESPACE_LABEL));
    }

    @Test
    void udnPodsGetAddressesPerNodeOnLayer3AndPerNetworkOnLayer2() {
        Topology t = TopologyReader.builtIn("udn");

        Map<String, UdnPod> byName = new java.util.HashMap<>();
        t.udnPods().forEach(p -> byName.put(p.pod().name(), p));
        assertEquals(7, t.udnPods().size(), "the default namespace's pods stay on the default network");
        assertEquals("10.20.1.3", byName.get("web-0").ip(), "ovn-worker's slice of blue_tenant, from .3");
        assertEquals("10.20.2.3", byName.get("web-1").ip(), "ovn-worker2's slice");
        assertEquals("10.20.1.4", byName.get("web-2").ip(), "the second blue pod on ovn-worker");
        assertEquals("10.100.0.3", byName.get("app-0").ip(), "layer2: one subnet for all nodes");
        assertEquals("10.100.0.4", byName.get("app-1").ip());
        assertEquals(List.of(UdnSpec.prefixOf("green-a/shared") + "green-a_app-0", "blue.tenant_blue_web-0"),
                List.of(byName.get("app-0").logicalPort(), byName.get("web-0").logicalPort()));
        assertEquals(byName.get("app-0").tunnelKey() + 1, byName.get("app-1").tunnelKey());
        assertEquals("10.30.1.3", byName.get("db-0").ip());
        assertTrue(byName.get("web-0").pod().ip().startsWith("10.244.1."), "the default-network address stays");
    }

    @Test
    void aLayer2NetworkRefusesCentralModeFromTheCommandLineInOneLine() {
        Topology t = TopologyReader.builtIn("udn");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.withMode(ClusterMode.CENTRAL));
        assertEquals("layer2 network cluster_udn_shared needs interconnect mode (one node per zone), not central",
                e.getMessage());
    }

    @Test
    void aLayer3OnlyClusterRunsInCentralMode() throws TopologyException {
        Topology t = TopologyReader.parse("mode: central\nnodes: [{name: a}, {name: b}]\n"
                + "udns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.0/16, hostSubnet: 26, networkId: 7}]\n"
                + "pods: [{namespace: x, name: p, node: b}]\n", "t.yaml");

        assertEquals(7, t.udns().get(0).networkId());
        assertEquals("10.20.0.67", t.udnPods().get(0).ip(), "node b's /26 is the second one");
        assertEquals(Map.of("x_n", 7), t.node("a").networks());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no namespace              | nodes: [{name: a}]\\nudns: [{name: n, topology: Layer3, subnet: 10.20.0.0/16}] | udns[0].namespace: give namespace (a UserDefinedNetwork) or namespaces
        both kinds of namespace   | nodes: [{name: a}]\\nudns: [{name: n, namespace: x, namespaces: [y], topology: Layer3, subnet: 10.20.0.0/16}] | udns[0].namespace: give namespace
        bad topology              | nodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer9, subnet: 10.20.0.0/16}] | udns[0].topology: must be Layer3 or Layer2
        bad subnet                | nodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.1/16}] | is not an IPv4 CIDR without host bits
        layer2 in central         | mode: central\\nnodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer2, subnet: 10.20.0.0/16}] | udns[0].topology: layer2 network x_n needs interconnect mode (one node per zone), not central
        namespace twice           | nodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.0/16}, {name: m, namespaces: [x], topology: Layer2, subnet: 10.30.0.0/16}] | udns[1].namespace: namespace x already has a primary network: x_n
        network id twice          | nodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.0/16, networkId: 2}, {name: m, namespace: y, topology: Layer3, subnet: 10.30.0.0/16}] | udns[1].networkId: network id 2 is already used by x_n
        dual-stack                | ipFamilies: [IPv4, IPv6]\\nnodes: [{name: a}]\\nudns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.0/16}] | udns: user-defined networks are IPv4 only for now
        """)
    void badUdnSectionsNameTheField(String scenario, String yaml, String expected) {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyReader.parse(yaml.replace("\\n", "\n"), "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> scenario + ": got " + e.getMessage());
    }
}
