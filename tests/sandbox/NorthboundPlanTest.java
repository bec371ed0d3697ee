package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.LogicalTopology;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnNames;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.PolicyAcls;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Zone;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/** The NB transactions a zone gets, checked without running OVN: names and ids other tools rely on. */
class NorthboundPlanTest {

    private final Topology ic = TopologyReader.defaultTopology();
    private final SandboxLayout layout = new SandboxLayout(Path.of("/run/plan-test"));

    @Test
    void hashesAreOvnKubernetesFnv1a64InDecimal() {
        assertEquals("a14695981039346656037", OvnNames.hash(""), "FNV-1a 64 offset basis");
        assertEquals("a12638187200555641996", OvnNames.hash("a"), "FNV-1a 64 of \"a\" is 0xaf63dc4c8601ec8c");
    }

    @Test
    void policyAclsNameTheirPolicyInNameAndExternalIds() {
        String plan = plan(ic, "ovn-worker2");
        String pg = PolicyAcls.policyPortGroup("restricted", "allow-from-default");
        assertEquals(OvnNames.hash("default-network-controller:NetworkPolicy:restricted:allow-from-default"), pg);
        assertTrue(plan.contains("name=\"NP:restricted:allow-from-default:Ingress:0\""), plan);
        assertTrue(plan.contains("external_ids:\"k8s.ovn.org/name\"=\"restricted:allow-from-default\""));
        assertTrue(plan.contains("external_ids:\"k8s.ovn.org/owner-type\"=\"NetworkPolicy\""));
        assertTrue(plan.contains("match=\"ip4.src == {$" + PolicyAcls.namespaceAddressSet("default")
                + "} && tcp && tcp.dst==5432 && outport == @" + pg + "\""), plan);
        String deny = PolicyAcls.defaultDenyPortGroup("restricted", "Ingress");
        assertTrue(plan.contains("name=\"NP:restricted:Ingress\" direction=to-lport priority=1000 match=\"outport == @"
                + deny + "\" action=drop"), plan);
    }

    @Test
    void portGroupsHoldOnlyTheZonesOwnPodsWhileAddressSetsHoldTheWholeCluster() {
        String worker = plan(ic, "ovn-worker");
        String pg = PolicyAcls.policyPortGroup("restricted", "allow-from-default");
        assertTrue(worker.contains("pg-add " + pg + " --"), "db-0 runs on ovn-worker2, not in ovn-worker's group");
        assertTrue(plan(ic, "ovn-worker2").contains("pg-add " + pg + " restricted_db-0 --"));
        assertTrue(worker.contains("name=" + PolicyAcls.namespaceAddressSet("default")
                + " addresses=[\"10.244.0.3\",\"10.244.1.6\",\"10.244.2.3\"]"), worker);
    }

    @Test
    void interconnectZonesSeeOtherNodesAsRemoteTransitPorts() {
        String plan = plan(ic, "ovn-worker");
        assertTrue(plan.contains("lsp-set-type tstor-ovn-worker2 remote"), plan);
        assertTrue(plan.contains("lsp-add transit_switch tstor-ovn-worker -- lsp-set-type tstor-ovn-worker router"));
        assertTrue(plan.contains("lr-route-add ovn_cluster_router 10.244.2.0/24 100.88.0.4"));
        assertFalse(plan.contains("ls-add ovn-worker2 "), "other nodes' switches live in their own zones");
    }

    @Test
    void centralModeHasOneZoneWithEveryNodeAndNoTransitSwitch() {
        Topology central = ic.withMode(ClusterMode.CENTRAL);
        List<Zone> zones = layout.zones(central);
        assertEquals(1, zones.size());
        String plan = plan(central, "central");
        central.nodes().forEach(n -> assertTrue(plan.contains("ls-add " + n.name() + " "), n.name()));
        assertFalse(plan.contains(OvnNames.TRANSIT_SWITCH));
        assertTrue(plan.contains("name=\"Service_kube-system/kube-dns_UDP_cluster\" protocol=udp "
                + "vips:\"10.96.0.10:53\"=\"10.244.1.4:53,10.244.2.4:53\""), plan);
    }

    private String plan(Topology t, String zone) {
        Zone z = layout.zones(t).stream().filter(x -> x.name().equals(zone)).findFirst().orElseThrow();
        return String.join(" ", LogicalTopology.forZone(t, z, OvnVersion.V23_03).stream().map(NbTxn::args).flatMap(List::stream).toList());
    }
}
