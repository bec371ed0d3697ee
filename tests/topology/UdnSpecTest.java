package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.ovn.UdnNames;

/**
 * Names and addresses of primary user-defined networks, against the spellings ovn-kubernetes' own tests and code
 * use (net-attach-def-template.go, multi_network.go GetSecondaryNetworkPrefix, masquerade_ips.go's worked example).
 */
class UdnSpecTest {

    private final UdnSpec blue = UdnSpec.namespaced("blue-ns", "tenant", UdnSpec.Layer.LAYER3, "10.100.0.0/16", 1);
    private final UdnSpec green = UdnSpec.cluster("happy-tenant", List.of("red", "green"), UdnSpec.Layer.LAYER2,
            "10.200.0.0/16", 2);

    @Test
    void networkNamesFollowMasterAndTheDottedLegacySpelling() {
        assertEquals("blue-ns_tenant", blue.networkName());
        assertEquals("cluster_udn_happy-tenant", green.networkName());
        assertEquals("blue-ns.tenant", blue.withNaming(UdnSpec.Naming.DOTTED).networkName());
        assertEquals("cluster.udn.happy-tenant", green.withNaming(UdnSpec.Naming.DOTTED).networkName());
    }

    @Test
    void thePrefixTurnsDashesAndSlashesIntoDots() {
        assertEquals("blue.ns_tenant_", blue.prefix());
        assertEquals("cluster_udn_happy.tenant_", green.prefix());
        assertEquals("blue.ns.tenant_", blue.withNaming(UdnSpec.Naming.DOTTED).prefix());
    }

    @Test
    void podPortsArePrefixedWithTheNadNotTheNetwork() {
        assertEquals("blue-ns/tenant", blue.nadName("blue-ns"));
        assertEquals("blue.ns.tenant_blue-ns_web-0", blue.podPort("blue-ns", "web-0"));
        assertEquals("red.happy.tenant_red_db-0", green.podPort("red", "db-0"),
                "a CUDN's NAD is <namespace>/<cudn name> in each namespace");
    }

    @Test
    void layer3NodesGetSlicesAndLayer2NodesShareTheSubnet() {
        assertEquals("10.100.0.0/24", blue.nodeSubnet(0));
        assertEquals("10.100.2.0/24", blue.nodeSubnet(2));
        assertEquals("10.100.2.1", blue.gatewayIp(2));
        assertEquals("10.100.2.2", blue.managementIp(2));
        assertEquals("10.100.2.4", blue.podIp(2, 1));
        assertEquals(24, blue.nodePrefix());
        UdnSpec narrow = new UdnSpec("n", UdnSpec.Scope.NAMESPACED, List.of("ns"), UdnSpec.Layer.LAYER3,
                "10.128.0.0/14", 23, 3, UdnSpec.Naming.UNDERSCORE);
        assertEquals("10.128.2.0/23", narrow.nodeSubnet(1));
        assertEquals("10.200.0.0/16", green.nodeSubnet(0));
        assertEquals("10.200.0.0/16", green.nodeSubnet(3));
        assertEquals("10.200.0.2", green.managementIp(3), "layer2: every node's management port has .2");
        assertEquals(16, green.nodePrefix());
    }

    @Test
    void masqueradeAddressesFollowTheWorkedExampleOfMasqueradeIps() {
        // generator/udn/masquerade_ips.go: network 1 -> GR 169.254.0.11, mp 169.254.0.12; network 2 -> .13, .14.
        assertEquals("169.254.0.11", blue.masqueradeGatewayRouterIp());
        assertEquals("169.254.0.12", blue.masqueradeManagementIp());
        assertEquals("169.254.0.13", green.masqueradeGatewayRouterIp());
        assertEquals("169.254.0.14", green.masqueradeManagementIp());
    }

    @Test
    void joinTransitAndInterfaceNames() {
        assertEquals("100.65.0.3", blue.gatewayRouterJoinIp(1));
        assertEquals(16711684, blue.transitSwitchTunnelKey());
        assertEquals("ovn-k8s-mp1", blue.managementInterface());
        assertEquals("ovn-k8s-mp12345", new UdnSpec("n", UdnSpec.Scope.NAMESPACED, List.of("ns"),
                UdnSpec.Layer.LAYER2, "10.0.0.0/16", 0, 1234567, UdnSpec.Naming.UNDERSCORE).managementInterface());
    }

    @Test
    void ovnObjectNamesOfALayer3Network() {
        UdnNames n = new UdnNames(blue);
        assertEquals("blue.ns_tenant_ovn_cluster_router", n.clusterRouter());
        assertEquals("blue.ns_tenant_join", n.joinSwitch());
        assertEquals("blue.ns_tenant_transit_switch", n.transitSwitch());
        assertEquals("blue.ns_tenant_ovn-worker", n.nodeSwitch("ovn-worker"));
        assertEquals("rtos-blue.ns_tenant_ovn-worker", n.routerToSwitch("ovn-worker"));
        assertEquals("GR_blue.ns_tenant_ovn-worker", n.gatewayRouter("ovn-worker"));
        assertEquals("rtoj-GR_blue.ns_tenant_ovn-worker", n.gatewayRouterInnerPort("ovn-worker"));
        assertEquals("ext_blue.ns_tenant_ovn-worker", n.externalSwitch("ovn-worker"));
        assertEquals("breth0_blue.ns_tenant_ovn-worker", n.localnetPort("ovn-worker"));
        assertEquals("k8s-blue.ns_tenant_ovn-worker", n.managementPort("ovn-worker"));
        assertEquals("blue.ns_tenant_tstor-ovn-worker", n.transitToRouter("ovn-worker"),
                "interconnect ports carry the prefix in front of the port prefix");
        assertEquals("layer3", n.switchIds().get(UdnNames.KEY_TOPOLOGY));
        assertEquals("primary", n.switchIds().get(UdnNames.KEY_ROLE));
        assertNull(n.clusterRouterIds().get(UdnNames.KEY_ROLE), "routers carry no role (topologyfactory.go)");
        assertEquals("blue-ns/tenant", n.podPortIds("blue-ns").get(UdnNames.KEY_NAD));
    }

    @Test
    void ovnObjectNamesOfALayer2Network() {
        UdnNames n = new UdnNames(green);
        assertEquals("cluster_udn_happy.tenant_ovn_layer2_switch", n.nodeSwitch("ovn-worker"));
        assertEquals(n.layer2Switch(), n.transitSwitch(), "in IC the layer2 switch is the transit switch");
        assertEquals("rtos-cluster_udn_happy.tenant_ovn_layer2_switch", n.gatewayRouterInnerPort("ovn-worker"));
        assertEquals("stor-cluster_udn_happy.tenant_ovn_layer2_switch_ovn-worker2", n.remoteGatewayPort("ovn-worker2"));
    }

    @Test
    void theIsolationPortGroupIsNamedByItsIds() {
        assertEquals(ovntrace.ovn.OvnNames.hash("default-network-controller:UDNIsolation:SecondaryPods"),
                UdnNames.secondaryPodsPortGroup());
    }

    @Test
    void badNetworksAreRefusedWithTheReason() {
        assertNull(blue.check());
        assertNull(green.check());
        assertNotNull(UdnSpec.namespaced("ns", "n", UdnSpec.Layer.LAYER3, "10.100.0.1/16", 1).check());
        assertNotNull(UdnSpec.namespaced("ns", "n", UdnSpec.Layer.LAYER3, "10.100.0.0/16", 0).check());
        assertNotNull(UdnSpec.namespaced("ns", "Bad_Name", UdnSpec.Layer.LAYER2, "10.100.0.0/16", 1).check());
        String tooLong = new UdnSpec("n", UdnSpec.Scope.NAMESPACED, List.of("ns"), UdnSpec.Layer.LAYER3,
                "10.100.0.0/24", 16, 1, UdnSpec.Naming.UNDERSCORE).check();
        assertTrue(tooLong != null && tooLong.contains("hostSubnet"), tooLong);
    }
}
