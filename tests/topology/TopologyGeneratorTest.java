package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;

class TopologyGeneratorTest {

    private static Topology generated(TopologyGenerator.Size size) throws TopologyException {
        return TopologyReader.parse(TopologyGenerator.yaml(size), "generated.yaml");
    }

    @Test
    void aGeneratedClusterReadsBackWithEveryPodServiceAndPolicyItAsked() throws TopologyException {
        Topology t = generated(new TopologyGenerator.Size(4, 30, 6, 12, 9, "central"));

        assertEquals(ClusterMode.CENTRAL, t.mode());
        assertEquals(4, t.nodes().size());
        assertEquals(4 * 30 + 20, t.pods().size(), "the workload pods and the 20 bench pods");
        assertEquals(12 + 1, t.services().size(), "the Services and bench/server");
        assertEquals(9 + 1, t.policies().size(), "the policies and the bench namespace's");
        Map<String, Long> perNode = t.pods().stream().filter(p -> !p.namespace().equals("bench"))
                .collect(Collectors.groupingBy(PodSpec::node, Collectors.counting()));
        assertEquals(Set.of(30L), Set.copyOf(perNode.values()), "the pods are spread evenly: " + perNode);
    }

    @Test
    void everyServiceSelectsPodsOfItsOwnNamespace() throws TopologyException {
        Topology t = generated(new TopologyGenerator.Size(3, 20, 5, 15, 0, "ic"));

        for (ServiceSpec s : t.services()) {
            long selected = t.pods().stream()
                    .filter(p -> p.namespace().equals(s.namespace()) && s.selector().matches(p.labels())).count();
            assertTrue(selected > 0, s.namespace() + "/" + s.name() + " selects no pod");
        }
    }

    @Test
    void theBenchPodsAreTenClientsAndTenServersSpreadOverNodes() throws TopologyException {
        Topology t = generated(new TopologyGenerator.Size(2, 1, 1, 1, 0, "ic"));

        Map<String, PodSpec> bench = t.pods().stream().filter(p -> p.namespace().equals("bench"))
                .collect(Collectors.toMap(PodSpec::name, Function.identity()));
        assertEquals(20, bench.size());
        assertEquals("client", bench.get("client-3").labels().get("role"));
        assertEquals("server", bench.get("server-3").labels().get("role"));
        assertTrue(!bench.get("client-0").node().equals(bench.get("server-0").node()),
                "the benchmark's one trace crosses nodes");
    }

    @Test
    void moreThan242PodsANodeGiveEachNodeA23OrA22AndEveryPodAnAddressInItsNodesSubnet() throws TopologyException {
        assertTrue(!TopologyGenerator.yaml(new TopologyGenerator.Size(2, 242, 1, 1, 0, "central")).contains("hostSubnetLength"),
                "up to 242 pods a node the file is what it always was");
        Topology t23 = generated(new TopologyGenerator.Size(2, 243, 3, 5, 0, "central"));
        assertEquals("10.244.2.0/23", t23.nodes().get(1).subnet());

        Topology t = generated(new TopologyGenerator.Size(3, 1000, 10, 20, 4, "central"));

        assertEquals(java.util.List.of("10.244.0.0/22", "10.244.4.0/22", "10.244.8.0/22"),
                t.nodes().stream().map(NodeSpec::subnet).toList());
        for (PodSpec p : t.pods()) {
            NodeSpec node = t.nodes().stream().filter(n -> n.name().equals(p.node())).findFirst().orElseThrow();
            int offset = node.podOffset(p.ip());
            assertTrue(offset >= 3 && offset <= 1022, p.name() + " at " + p.ip() + " is a pod address of " + node.subnet());
        }
        assertEquals(t.pods().size(), t.pods().stream().map(PodSpec::ip).distinct().count(), "no address twice");
    }

    @Test
    void theSameSizeGivesTheSameFile() {
        TopologyGenerator.Size size = new TopologyGenerator.Size(5, 10, 3, 7, 4, "ic");
        assertEquals(TopologyGenerator.yaml(size), TopologyGenerator.yaml(size));
    }

    @Test
    void aSizeTheLocalClusterCannotHoldIsRefusedNamingTheFlag() {
        assertNull(new TopologyGenerator.Size(40, 242, 100, 1000, 500, "central").check(), "10,000 pods fit");
        assertNull(new TopologyGenerator.Size(10, 1000, 100, 1000, 500, "central").check(), "so do 10,000 on 10 nodes");
        assertTrue(new TopologyGenerator.Size(1, 10, 1, 1, 1, "ic").check().startsWith("--nodes"));
        assertTrue(new TopologyGenerator.Size(51, 10, 1, 1, 1, "ic").check().startsWith("--nodes"), "the reader's limit");
        assertTrue(new TopologyGenerator.Size(2, 1011, 1, 1, 1, "ic").check().startsWith("--pods-per-node"));
        assertTrue(new TopologyGenerator.Size(2, 5, 1, 11, 1, "ic").check().startsWith("--services"));
        assertTrue(new TopologyGenerator.Size(2, 5, 1, 1, 1, "both").check().startsWith("--mode"));
        assertThrows(IllegalArgumentException.class, () -> TopologyGenerator.yaml(new TopologyGenerator.Size(0, 1, 1, 1, 1, "ic")));
    }
}
