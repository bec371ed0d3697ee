package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.ClusterObjects;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.LogicalTopology;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.PolicyAcls;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Zone;
import ovntrace.topology.Addressing;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/**
 * The dual-stack cluster's NB transactions and Kubernetes objects, checked without running anything: every IPv4
 * object has its IPv6 twin where ovn-kubernetes makes one, with ovn-kubernetes' names and shapes.
 */
class DualStackPlanTest {

    private final Topology dual = TopologyReader.builtIn("dual-stack");
    private final SandboxLayout layout = new SandboxLayout(Path.of("/run/plan-test"));

    @Test
    void routerPortsCarryBothNetworksWithTheMacOfTheIpv4One() {
        String plan = plan(dual, "ovn-worker");
        assertTrue(plan.contains("lrp-add ovn_cluster_router rtos-ovn-worker 0a:58:0a:f4:01:01 10.244.1.1/24 "
                + "fd00:10:244:2::1/64"), plan);
        assertTrue(plan.contains("other_config:\"ipv6_prefix\"=\"fd00:10:244:2::\""), plan);
        assertTrue(plan.contains("lrp-add ovn_cluster_router rtoj-ovn_cluster_router 0a:58:64:40:00:01 100.64.0.1/16 fd98::1/64"));
        assertTrue(plan.contains("lrp-add GR_ovn-worker rtoj-GR_ovn-worker 0a:58:64:40:00:03 100.64.0.3/16 fd98::3/64"));
        assertTrue(plan.contains("lrp-add GR_ovn-worker rtoe-GR_ovn-worker 02:42:ac:12:00:03 172.18.0.3/16 "
                + "fc00:f853:ccd:e793::3/64"));
        assertTrue(plan.contains("lrp-add ovn_cluster_router rtots-ovn-worker 0a:58:64:58:00:03 100.88.0.3/16 fd97::3/64"));
        assertTrue(plan.contains("lsp-set-addresses k8s-ovn-worker 0a:58:0a:f4:01:02 10.244.1.2 fd00:10:244:2::2"));
    }

    @Test
    void eachIpv4RoutePolicyAndSnatHasItsIpv6Twin() {
        String plan = plan(dual, "ovn-worker");
        assertTrue(plan.contains("lr-route-add GR_ovn-worker fd00:10:244::/48 fd98::1"), plan);
        assertTrue(plan.contains("lr-route-add GR_ovn-worker ::/0 fc00:f853:ccd:e793::1 rtoe-GR_ovn-worker"));
        assertTrue(plan.contains("lr-nat-add GR_ovn-worker snat fc00:f853:ccd:e793::3 fd00:10:244::/48"));
        assertTrue(plan.contains("--policy=src-ip lr-route-add ovn_cluster_router fd00:10:244:2::/64 fd98::3"));
        assertTrue(plan.contains("lr-policy-add ovn_cluster_router 102 ip6.src == fd00:10:244::/48 && ip6.dst == "
                + "fd00:10:244::/48 allow"));
        assertTrue(plan.contains("ip6.dst == fc00:f853:ccd:e793::3 /* ovn-worker */ reroute fd00:10:244:2::2"), plan);
        // The remote zones' nodes, reached through the transit switch in both families.
        assertTrue(plan.contains("lsp-set-addresses tstor-ovn-worker2 0a:58:64:58:00:04 100.88.0.4/16 fd97::4/64"), plan);
        assertTrue(plan.contains("lr-route-add ovn_cluster_router fd00:10:244:3::/64 fd97::4"));
        assertTrue(plan.contains("lr-route-add ovn_cluster_router fd98::4/128 fd97::4"));
    }

    @Test
    void podsLoadBalancersAndPoliciesHaveBothFamilies() {
        String plan = plan(dual, "ovn-worker2");
        String lsp = "0a:58:0a:f4:02:03 10.244.2.3 fd00:10:244:3::3";
        assertTrue(plan.contains("lsp-set-addresses default_fedora-deployment-7d49fddf69-chmvh " + lsp), plan);
        assertTrue(plan.contains("lsp-set-port-security default_fedora-deployment-7d49fddf69-chmvh " + lsp));
        assertTrue(plan.contains("vips:\"10.96.0.10:53\"=\"10.244.1.4:53,10.244.2.4:53\" "
                + "vips:\"[fd00:10:96::a]:53\"=\"[fd00:10:244:2::4]:53,[fd00:10:244:3::4]:53\""), plan);
        String v4 = PolicyAcls.namespaceAddressSet("default"), v6 = PolicyAcls.namespaceAddressSet6("default");
        assertTrue(plan.contains("name=" + v6 + " addresses=[\"fd00:10:244:1::3\",\"fd00:10:244:2::6\","
                + "\"fd00:10:244:3::3\",\"fd00:10:244:2::8\"]"), plan);
        assertTrue(plan.contains("external_ids:\"ip-family\"=\"v6\""), plan);
        assertTrue(plan.contains("match=\"(ip4.src == {$" + v4 + "} || ip6.src == {$" + v6 + "}) && tcp && "
                + "tcp.dst==5432 && outport == @"), plan);
        assertTrue(plan.contains("ip6.src==fd00:10:244:3::2"), "the management port's IPv6 address is allowed in");
    }

    @Test
    void centralModeBuildsTheSameFamiliesWithoutTransit() {
        String plan = plan(dual.withMode(ClusterMode.CENTRAL), "central");
        assertTrue(plan.contains("lrp-add ovn_cluster_router rtos-ovn-worker2 0a:58:0a:f4:02:01 10.244.2.1/24 "
                + "fd00:10:244:3::1/64"), plan);
        assertTrue(!plan.contains("fd97::"), "no transit switch in central mode");
    }

    @Test
    void podsNodesServicesAndSlicesCarryBothFamiliesIpv4First() {
        List<HasMetadata> objects = ClusterObjects.of(dual);
        Pod pod = objects.stream().filter(o -> o instanceof Pod p && p.getMetadata().getName()
                .equals("fedora-deployment-7d49fddf69-chmvh")).map(Pod.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("10.244.2.3", "fd00:10:244:3::3"), pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList());
        String networks = pod.getMetadata().getAnnotations().get("k8s.ovn.org/pod-networks");
        assertTrue(networks.contains("\"ip_addresses\":[\"10.244.2.3/24\",\"fd00:10:244:3::3/64\"]"), networks);
        assertTrue(networks.contains("\"gateway_ips\":[\"10.244.2.1\",\"fd00:10:244:3::1\"]"), networks);
        assertTrue(networks.contains("\"mac_address\":\"0a:58:0a:f4:02:03\""), networks);

        Node node = objects.stream().filter(o -> o instanceof Node n && n.getMetadata().getName().equals("ovn-worker"))
                .map(Node.class::cast).findFirst().orElseThrow();
        var a = node.getMetadata().getAnnotations();
        assertEquals("{\"default\":[\"10.244.1.0/24\",\"fd00:10:244:2::/64\"]}", a.get("k8s.ovn.org/node-subnets"));
        assertEquals("{\"ipv4\":\"172.18.0.3/16\",\"ipv6\":\"fc00:f853:ccd:e793::3/64\"}", a.get("k8s.ovn.org/node-primary-ifaddr"));
        assertEquals("{\"ipv4\":\"100.88.0.3/16\",\"ipv6\":\"fd97::3/64\"}", a.get("k8s.ovn.org/node-transit-switch-port-ifaddr"));
        assertEquals("[\"172.18.0.3/16\",\"fc00:f853:ccd:e793::3/64\"]", a.get("k8s.ovn.org/host-cidrs"));
        assertEquals(List.of("10.244.1.0/24", "fd00:10:244:2::/64"), node.getSpec().getPodCIDRs());
        assertEquals(List.of("172.18.0.3", "fc00:f853:ccd:e793::3", "ovn-worker"),
                node.getStatus().getAddresses().stream().map(x -> x.getAddress()).toList());

        Service dns = objects.stream().filter(o -> o instanceof Service s && s.getMetadata().getName().equals("kube-dns"))
                .map(Service.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("10.96.0.10", "fd00:10:96::a"), dns.getSpec().getClusterIPs());
        assertEquals(List.of("IPv4", "IPv6"), dns.getSpec().getIpFamilies());
        assertEquals("PreferDualStack", dns.getSpec().getIpFamilyPolicy());
        List<EndpointSlice> slices = objects.stream().filter(o -> o instanceof EndpointSlice e
                && e.getMetadata().getNamespace().equals("kube-system")).map(EndpointSlice.class::cast).toList();
        assertEquals(List.of("IPv4", "IPv6"), slices.stream().map(EndpointSlice::getAddressType).toList());
        assertEquals(List.of("fd00:10:244:2::4", "fd00:10:244:3::4"),
                slices.get(1).getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).toList());
        assertTrue(!slices.get(0).getMetadata().getName().equals(slices.get(1).getMetadata().getName()));
    }

    @Test
    void anIpv6OnlyClusterHasNoIpv4AnywhereAndMacsFromIpv6() {
        Topology v6 = TopologyReader.builtIn("ipv6");
        for (Topology t : List.of(v6, v6.withMode(ClusterMode.CENTRAL))) {
            for (Zone z : layout.zones(t)) {
                String plan = plan(t, z.name());
                for (String v4 : List.of("ip4", "10.244.", "100.64.", "100.88.", "172.18.", "10.96.", "0.0.0.0/0")) {
                    assertTrue(!plan.contains(v4), z.name() + " has " + v4 + ": " + plan);
                }
            }
        }
        String plan = plan(v6, "ovn-worker");
        assertTrue(plan.contains("lrp-add ovn_cluster_router rtos-ovn-worker " + Addressing.mac6("fd00:10:244:2::1")
                + " fd00:10:244:2::1/64 --"), plan);
        assertTrue(plan.contains("vips:\"[fd00:10:96::a]:53\"=\"[fd00:10:244:2::4]:53,[fd00:10:244:3::4]:53\""), plan);
        assertTrue(plan.contains("lr-nat-add GR_ovn-worker snat fc00:f853:ccd:e793::3 fd00:10:244::/48"));
        assertTrue(plan.contains("match=\"ip6.src == {$" + PolicyAcls.namespaceAddressSet6("default") + "} && tcp"), plan);

        List<HasMetadata> objects = ClusterObjects.of(v6);
        Node node = objects.stream().filter(o -> o instanceof Node n && n.getMetadata().getName().equals("ovn-worker"))
                .map(Node.class::cast).findFirst().orElseThrow();
        assertEquals("{\"default\":[\"fd00:10:244:2::/64\"]}", node.getMetadata().getAnnotations().get("k8s.ovn.org/node-subnets"));
        assertEquals("{\"ipv6\":\"fc00:f853:ccd:e793::3/64\"}", node.getMetadata().getAnnotations().get("k8s.ovn.org/node-primary-ifaddr"));
        Service dns = objects.stream().filter(o -> o instanceof Service s && s.getMetadata().getName().equals("kube-dns"))
                .map(Service.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("IPv6"), dns.getSpec().getIpFamilies());
        assertEquals("fd00:10:96::a", dns.getSpec().getClusterIP());
        assertEquals(List.of("IPv6"), objects.stream().filter(o -> o instanceof EndpointSlice e
                && e.getMetadata().getNamespace().equals("kube-system")).map(o -> ((EndpointSlice) o).getAddressType()).toList());
    }

    private String plan(Topology t, String zone) {
        Zone z = layout.zones(t).stream().filter(x -> x.name().equals(zone)).findFirst().orElseThrow();
        return String.join(" ", LogicalTopology.forZone(t, z, OvnVersion.V23_03).stream().map(NbTxn::args)
                .flatMap(List::stream).toList());
    }
}
