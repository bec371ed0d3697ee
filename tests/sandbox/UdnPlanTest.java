package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.ClusterObjects;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.LogicalTopology;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.UdnNames;
import ovntrace.ovn.Zone;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyException;
import ovntrace.topology.TopologyReader;

/**
 * The udn cluster's NB transactions and Kubernetes objects, checked without running anything: each zone builds
 * every network's part after the default network's pods, then the isolation of the zone's UDN pods; the objects
 * hold the networks and one NAD per namespace; a topology without udns builds none of it.
 */
class UdnPlanTest {

    private final Topology udn = TopologyReader.builtIn("udn");
    private final SandboxLayout layout = new SandboxLayout(Path.of("/run/plan-test"));

    @Test
    void eachZoneBuildsEveryNetworkThenTheIsolationOfItsUdnPods() {
        List<NbTxn> txns = plan(udn, "ovn-worker");
        List<String> names = txns.stream().map(NbTxn::what).toList();
        int pods = names.indexOf("pods on ovn-worker");
        int blue = names.indexOf("network blue_tenant in ovn-worker");
        int isolation = names.indexOf("UDN isolation in ovn-worker");
        assertTrue(pods >= 0 && blue > pods && isolation > blue, names.toString());
        assertTrue(names.contains("network cluster_udn_shared in ovn-worker") && names.contains("network red_tenant in ovn-worker"));
        String isolationArgs = String.join(" ", txns.get(isolation).args());
        assertTrue(isolationArgs.startsWith("-- pg-add " + UdnNames.secondaryPodsPortGroup()
                + " blue_web-0 blue_web-2 green-a_app-0 green-b_app-2 red_db-0 "), "the zone's UDN pods' default ports: " + isolationArgs);

        String all = String.join(" ", txns.stream().map(NbTxn::args).flatMap(List::stream).toList());
        assertTrue(all.contains("lsp-add blue_tenant_ovn-worker blue.tenant_blue_web-0"), all);
        assertTrue(all.contains("lsp-add cluster_udn_shared_ovn_layer2_switch green.b.shared_green-b_app-1 "), "remote layer2 pod");
        assertFalse(all.contains("blue.tenant_blue_web-1 "), "a remote layer3 pod is not in this zone");
    }

    @Test
    void aLayer3OnlyClusterInCentralModeBuildsEveryNodeInTheOneZone() throws TopologyException {
        Topology t = TopologyReader.parse("mode: central\nnodes: [{name: a}, {name: b}]\n"
                + "udns: [{name: n, namespace: x, topology: Layer3, subnet: 10.20.0.0/16}]\n"
                + "pods: [{namespace: x, name: p, node: a}, {namespace: x, name: q, node: b}]\n", "t.yaml");
        assertEquals(ClusterMode.CENTRAL, t.mode());
        String all = String.join(" ", plan(t, "central").stream().map(NbTxn::args).flatMap(List::stream).toList());
        assertTrue(all.contains("ls-add x_n_a") && all.contains("ls-add x_n_b"), all);
        assertFalse(all.contains("transit_switch"), "no transit switch in central mode");
    }

    @Test
    void theDefaultTopologyBuildsNoUdnObjects() {
        Topology d = TopologyReader.defaultTopology();
        for (Zone z : layout.zones(d)) {
            assertTrue(plan(d, z.name()).stream().noneMatch(t -> t.what().contains("UDN")));
        }
        assertTrue(ClusterObjects.of(d).stream().noneMatch(o -> o.getApiVersion().startsWith("k8s.cni.cncf.io")));
    }

    @Test
    void theObjectsHoldTheNetworksAndANadPerNamespace() {
        List<String> kinds = ClusterObjects.of(udn).stream().filter(o -> o.getKind().contains("Network"))
                .map(UdnPlanTest::key).toList();
        assertEquals(List.of("UserDefinedNetwork blue/tenant", "NetworkAttachmentDefinition blue/tenant",
                "ClusterUserDefinedNetwork shared", "NetworkAttachmentDefinition green-a/shared",
                "NetworkAttachmentDefinition green-b/shared", "UserDefinedNetwork red/tenant",
                "NetworkAttachmentDefinition red/tenant"), kinds);
    }

    private static String key(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private List<NbTxn> plan(Topology t, String zone) {
        Zone z = layout.zones(t).stream().filter(x -> x.name().equals(zone)).findFirst().orElseThrow();
        return LogicalTopology.forZone(t, z, OvnVersion.V23_03);
    }
}
