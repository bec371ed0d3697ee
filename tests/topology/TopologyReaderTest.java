package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.Protocol;

class TopologyReaderTest {

    @Test
    void theBuiltInTopologyIsTheDocumentationClusterWithAServiceAHostPodAndPolicies() {
        Topology t = TopologyReader.defaultTopology();

        assertEquals(ClusterMode.IC, t.mode());
        assertEquals(List.of("ovn-control-plane", "ovn-worker", "ovn-worker2"),
                t.nodes().stream().map(NodeSpec::name).toList());
        assertEquals("10.244.1.0/24", t.node("ovn-worker").subnet());
        assertEquals("0a:58:0a:f4:02:01", t.node("ovn-worker2").gatewayMac());
        PodSpec chmvh = pod(t, "default", "fedora-deployment-7d49fddf69-chmvh");
        assertEquals("10.244.2.3", chmvh.ip());
        assertEquals("0a:58:0a:f4:02:03", chmvh.mac());
        assertEquals("ovn-worker2", chmvh.node());

        PodSpec etcd = t.pods().stream().filter(PodSpec::hostNetwork).findFirst().orElseThrow();
        assertEquals(t.node(etcd.node()).nodeIp(), etcd.ip());

        ServiceSpec dns = t.services().stream().filter(s -> s.name().equals("kube-dns")).findFirst().orElseThrow();
        assertEquals(2, t.endpoints(dns).stream().map(PodSpec::node).distinct().count(),
                "kube-dns has endpoints on two nodes");

        assertTrue(t.policies().stream().anyMatch(p -> p.namespace().equals("restricted") && p.ingress()
                && p.ingressRules().isEmpty()), "a default-deny policy guards namespace restricted");
        assertFalse(t.node("ovn-worker").networks().isEmpty(), "nodes publish extra networks for the VRF dump");
    }

    @Test
    void aHostSubnetLengthOf23GivesEachNodeA23AndItsPodsAddressesPastThe24() throws TopologyException {
        StringBuilder yaml = new StringBuilder("hostSubnetLength: 23\nnodes: [{name: a}, {name: b}]\npods:\n");
        for (int i = 0; i < 300; i++) yaml.append("  - {name: p").append(i).append(", node: b}\n");

        Topology t = TopologyReader.parse(yaml.toString(), "big-nodes.yaml");

        assertEquals("10.244.0.0/23", t.node("a").subnet());
        assertEquals("10.244.2.0/23", t.node("b").subnet());
        assertEquals("10.244.2.1", t.node("b").gatewayIp());
        assertEquals("10.244.2.2", t.node("b").managementIp());
        assertEquals("10.244.2.3", pod(t, "default", "p0").ip());
        assertEquals("10.244.2.255", pod(t, "default", "p252").ip(), "the 24's broadcast is a host address of the 23");
        assertEquals("10.244.3.0", pod(t, "default", "p253").ip());
        assertEquals("0a:58:0a:f4:03:00", pod(t, "default", "p253").mac());
        assertEquals(t.pods().size(), t.pods().stream().map(PodSpec::ip).distinct().count());
    }

    @Test
    void aJsonFileWithOmittedAddressesGetsThemAllocatedAroundTheGivenOnes() throws Exception {
        Topology t = TopologyReader.parse(fixture("two-nodes.json"), "two-nodes.json");

        assertEquals(ClusterMode.CENTRAL, t.mode());
        assertEquals("10.244.1.4", pod(t, "shop", "cart-0").ip(), ".3 is taken by cart-1, so cart-0 gets .4");
        assertEquals("10.244.0.3", pod(t, "default", "client").ip());
        assertEquals(Map.of("blue", 3), t.node("node-b").networks());
        assertEquals("web", t.namespace("shop").labels().get("team"));
        assertEquals("shop", t.namespace("shop").labels().get("kubernetes.io/metadata.name"));
        assertTrue(t.namespaces().stream().anyMatch(n -> n.name().equals("default")),
                "namespaces used by pods exist even when not listed");

        PolicySpec policy = t.policies().get(0);
        assertTrue(policy.ingress() && policy.egress(), "egress rules imply the Egress policy type");
        assertEquals(new PolicySpec.Port(Protocol.TCP, 8080), policy.ingressRules().get(0).ports().get(0));
        assertEquals(2, t.peerPods("shop", policy.ingressRules().get(0).peers().get(0)).size());
        assertEquals(3, t.peerPods("shop", policy.egressRules().get(0).peers().get(0)).size());
    }

    @Test
    void aMissingFileIsReportedByName(@TempDir Path dir) {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyReader.read(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().endsWith("nope.yaml: no such file"), e.getMessage());
    }

    @Test
    void aFileOnDiskIsReadWithItsPathInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "nodes: [{name: a}]\npods: [{name: p, node: b}]\n");
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyReader.read(file));
        assertEquals(file + ": pods[0].node: no node named \"b\"; nodes are a", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown top-level key     | nodes: [{name: a}]\\nflavour: x                                   | flavour: unknown field
        no nodes                  | pods: []                                                         | nodes: at least one node is required
        bad mode                  | mode: mesh\\nnodes: [{name: a}]                                  | mode: unknown mode "mesh"
        upper-case node name      | nodes: [{name: Worker}]                                          | nodes[0].name: "Worker" is not a valid name
        node listed twice         | nodes: [{name: a}, {name: a}]                                    | nodes[1].name: node "a" is listed twice
        network named default     | nodes: [{name: a, networks: {default: 1}}]                       | nodes[0].networks.default:
        network id zero           | nodes: [{name: a, networks: {blue: 0}}]                          | nodes[0].networks.blue: the network id must be between 1 and 4094
        unknown node field        | nodes: [{name: a, cpu: 2}]                                       | nodes[0].cpu: unknown field
        pod without node          | nodes: [{name: a}]\\npods: [{name: p}]                           | pods[0].node: required field is missing
        pod ip outside subnet     | nodes: [{name: a}, {name: b}]\\npods: [{name: p, node: b, ip: 10.244.0.7}] | pods[0].ip: 10.244.0.7 is not a pod address of node b
        pod on router address     | nodes: [{name: a}]\\npods: [{name: p, node: a, ip: 10.244.0.1}] | pods[0].ip: 10.244.0.1 is not a pod address
        pod ip past a /23         | hostSubnetLength: 23\\nnodes: [{name: a}, {name: b}]\\npods: [{name: p, node: a, ip: 10.244.2.7}] | pods[0].ip: 10.244.2.7 is not a pod address of node a: use 10.244.0.3 to 10.244.1.254
        host subnet too large     | hostSubnetLength: 21\\nnodes: [{name: a}]                      | hostSubnetLength: must be between 22 and 24, not 21
        duplicate pod ip          | nodes: [{name: a}]\\npods: [{name: p, node: a, ip: 10.244.0.9}, {name: q, node: a, ip: 10.244.0.9}] | pods[1].ip: 10.244.0.9 is given to two pods
        host pod with ip          | nodes: [{name: a}]\\npods: [{name: p, node: a, hostNetwork: true, ip: 10.244.0.9}] | pods[0].ip: a host-network pod has the node's address
        hostNetwork not boolean   | nodes: [{name: a}]\\npods: [{name: p, node: a, hostNetwork: maybe}] | pods[0].hostNetwork: must be true or false
        pod listed twice          | nodes: [{name: a}]\\npods: [{name: p, node: a}, {name: p, node: a}] | pods[1].name: pod default/p is listed twice
        reserved namespace        | nodes: [{name: a}]\\npods: [{namespace: ovn-kubernetes, name: p, node: a}] | pods[0].namespace: namespace ovn-kubernetes is reserved
        bad label                 | nodes: [{name: a}]\\npods: [{name: p, node: a, labels: {"a b": c}}] | pods[0].labels: "a b" is not a valid label key
        service without ports     | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5}] | services[0].ports: a service needs at least one port
        service ip outside cidr   | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.0.0.5, ports: [{port: 80}]}] | services[0].clusterIP: 10.0.0.5 is not an address in the service CIDR
        sctp service              | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, ports: [{port: 80, protocol: SCTP}]}] | services[0].ports[0].protocol: "SCTP" is not supported
        port out of range         | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, ports: [{port: 70000}]}] | services[0].ports[0].port: must be between 1 and 65535, not 70000
        unnamed ports             | nodes: [{name: a}]\\nservices: [{name: s, clusterIP: 10.96.0.5, ports: [{port: 80}, {port: 81}]}] | services[0].ports[0].name: a service with several ports must name each of them
        bad policy type           | nodes: [{name: a}]\\nnetworkPolicies: [{name: n, policyTypes: [Both]}] | networkPolicies[0].policyTypes: "Both" is not a policy type
        egress rules, no type     | nodes: [{name: a}]\\nnetworkPolicies: [{name: n, policyTypes: [Ingress], egress: [{}]}] | networkPolicies[0].egress: egress rules need Egress in policyTypes
        empty peer                | nodes: [{name: a}]\\nnetworkPolicies: [{name: n, ingress: [{from: [{}]}]}] | networkPolicies[0].ingress[0].from[0]: a peer needs a namespaceSelector, a podSelector or an ipBlock
        list instead of mapping   | nodes: {name: a}                                                 | nodes: must be a list
        not yaml                  | nodes: [{name: a}\\npods: ]                                     | t.yaml: line
        duplicate key             | nodes: [{name: a}]\\nnodes: [{name: b}]                          | not valid YAML or JSON: Duplicate field 'nodes'
        """)
    void badFilesNameTheField(String scenario, String yaml, String expected) {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyReader.parse(yaml.replace("\\n", "\n"), "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> scenario + ": got " + e.getMessage());
    }

    private static PodSpec pod(Topology t, String namespace, String name) {
        return t.pods().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = TopologyReaderTest.class.getResourceAsStream("/fixtures/topology/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
