package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.UdnObjects;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.UdnTopology;
import ovntrace.ovn.Zone;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.UdnSpec;

/** The Kubernetes objects of a primary UDN and the NB plan's limits, without a cluster or OVN. */
class UdnObjectsTest {

    private final UdnSpec blue = UdnSpec.namespaced("blue", "tenant", UdnSpec.Layer.LAYER3, "10.100.0.0/16", 1);
    private final UdnSpec green = UdnSpec.cluster("happy", List.of("red", "green"), UdnSpec.Layer.LAYER2,
            "10.200.0.0/16", 2);
    private final NodeSpec worker = new NodeSpec("ovn-worker", 1, Map.of());

    @Test
    void theNadConfigIsWhatTheTemplateRendersWithItsKeysSorted() throws Exception {
        GenericKubernetesResource nad = UdnObjects.nad(blue, "blue");
        assertEquals("NetworkAttachmentDefinition", nad.getKind());
        assertEquals("tenant", nad.getMetadata().getName());
        assertEquals("UserDefinedNetwork", nad.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(Map.of("k8s.ovn.org/user-defined-network", ""), nad.getMetadata().getLabels());
        @SuppressWarnings("unchecked")
        String config = (String) ((Map<String, Object>) nad.getAdditionalProperties().get("spec")).get("config");
        assertEquals("{\"cniVersion\":\"1.0.0\",\"joinSubnets\":\"100.65.0.0/16,fd99::/64\",\"name\":\"blue_tenant\","
                + "\"netAttachDefName\":\"blue/tenant\",\"role\":\"primary\",\"subnets\":\"10.100.0.0/16/24\","
                + "\"topology\":\"layer3\",\"type\":\"ovn-k8s-cni-overlay\"}", config);
        assertEquals("10.200.0.0/16", UdnObjects.cniConfig(green, "red").get("subnets"));
        assertEquals("red/happy", UdnObjects.cniConfig(green, "red").get("netAttachDefName"));
    }

    @Test
    void aClusterNetworkSelectsItsNamespacesByName() throws Exception {
        GenericKubernetesResource cudn = UdnObjects.network(green);
        assertEquals("ClusterUserDefinedNetwork", cudn.getKind());
        assertEquals(null, cudn.getMetadata().getNamespace());
        String json = new ObjectMapper().writeValueAsString(cudn.getAdditionalProperties());
        assertTrue(json.contains("\"values\":[\"red\",\"green\"]"), json);
        assertTrue(json.contains("\"topology\":\"Layer2\""), json);
        assertTrue(json.contains("following namespaces: [red, green]"), json);
        assertEquals("blue", UdnObjects.network(blue).getMetadata().getNamespace());
    }

    @Test
    void aUdnPodHasAnInfrastructureLockedDefaultEntryAndAPrimaryOne() {
        PodSpec web = new PodSpec("blue", "web-0", "ovn-worker", "10.244.1.3", Map.of(), false);
        Map<String, Object> networks = UdnObjects.podNetworks(blue, web, worker, "10.100.1.3", 0);
        assertEquals(List.of("blue/tenant", "default"), List.copyOf(networks.keySet()), "sorted, as Go marshals a map");
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) networks.get("default");
        assertEquals("infrastructure-locked", d.get("role"));
        assertFalse(d.containsKey("gateway_ips"), "no default route through the default network");
        @SuppressWarnings("unchecked")
        Map<String, Object> u = (Map<String, Object>) networks.get("blue/tenant");
        assertEquals("primary", u.get("role"));
        assertEquals(List.of("10.100.1.3/24"), u.get("ip_addresses"));
        assertEquals(List.of("10.100.1.1"), u.get("gateway_ips"));
        assertFalse(u.containsKey("tunnel_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> l2 = (Map<String, Object>) UdnObjects.podNetworks(green,
                new PodSpec("red", "db-0", "ovn-worker", "10.244.1.4", Map.of(), false), worker, "10.200.0.3", 51)
                .get("red/happy");
        assertEquals(51, l2.get("tunnel_id"));
        assertEquals(List.of("10.200.0.1"), l2.get("gateway_ips"));
        assertEquals(Map.of("k8s.ovn.org/primary-user-defined-network", ""), UdnObjects.namespaceLabels());
    }

    @Test
    void nodeEntriesPerNetwork() {
        Map<String, Object> l3 = UdnObjects.nodeEntries(blue, worker);
        assertEquals(List.of("10.100.1.0/24"), l3.get("k8s.ovn.org/node-subnets"));
        assertEquals("1", l3.get("k8s.ovn.org/network-ids"));
        assertEquals(Map.of("ipv4", "100.65.0.3/16"), l3.get("k8s.ovn.org/node-gateway-router-lrp-ifaddrs"));
        Map<String, Object> l2 = UdnObjects.nodeEntries(green, worker);
        assertFalse(l2.containsKey("k8s.ovn.org/node-subnets"), "a layer2 network has no node subnet");
        assertEquals("2", l2.get("k8s.ovn.org/udn-layer2-node-gateway-router-lrp-tunnel-ids"));
    }

    @Test
    void layer2NeedsOneNodePerZoneAndLayer3HasNoTransitSwitchInCentralMode() {
        NodeSpec worker2 = new NodeSpec("ovn-worker2", 2, Map.of());
        Zone central = new Zone("central", Path.of("/run/plan-test"), List.of(worker, worker2), false);
        UdnTopology.Features none = new UdnTopology.Features(false, false);
        assertThrows(IllegalArgumentException.class,
                () -> UdnTopology.forZone(green, central, List.of(worker, worker2), List.of(), none));
        String plan = UdnTopology.forZone(blue, central, List.of(worker, worker2), List.of(), none).stream()
                .map(NbTxn::toString).reduce("", String::concat);
        assertFalse(plan.contains("transit_switch"), plan);
        assertTrue(plan.contains("GR_blue_tenant_ovn-worker2"), plan);
        assertFalse(plan.contains("eth.dst =="), "no conditional SNAT without NAT match: " + plan);
    }
}
