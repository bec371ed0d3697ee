package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;
import static ovntrace.ovn.OvnNames.CLUSTER_ROUTER;
import static ovntrace.ovn.OvnNames.JOIN_SWITCH;
import static ovntrace.ovn.OvnNames.TRANSIT_SWITCH;

import java.util.ArrayList;
import java.util.List;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnPod;
import ovntrace.topology.UdnSpec;

/**
 * The NB transactions that build one zone's logical network the way ovn-kubernetes does: cluster router, join
 * switch, per local node its switch, management port, gateway router and external switch with the localnet
 * port, the pods' ports, and in interconnect mode the transit switch with remote ports for the other zones'
 * nodes. Services and NetworkPolicies come from {@link LoadBalancers} and {@link PolicyAcls}.
 *
 * <p>On a dual-stack cluster every router port carries both networks (IPv4 first, its MAC from the IPv4 address:
 * ovn-kubernetes' {@code util.IPAddrToHWAddr} of the first address; on an IPv6-only cluster the IPv6 networks
 * alone, MACs from them), node switches get {@code ipv6_prefix} next to
 * {@code subnet}, and each IPv4 route, policy and SNAT has its IPv6 twin, as ovn-kubernetes writes them per
 * family (go-controller/pkg/ovn/master.go {@code syncNodeClusterRouterPort}/{@code createNodeLogicalSwitch},
 * gateway.go {@code GatewayInit}, pkg/ovn/controller/... {@code addPolicyBasedRoutes} with {@code ip6} matches).
 */
public final class LogicalTopology {

    private LogicalTopology() {}

    /** Everything for {@code zone} on OVN {@code version}, in the order it has to be applied. */
    public static List<NbTxn> forZone(Topology topology, Zone zone, OvnVersion version) {
        List<NbTxn> txns = new ArrayList<>();
        Families f = new Families(topology.hasIpv4(), topology.hasIpv6());
        txns.add(clusterWide(zone, f));
        for (NodeSpec node : zone.nodes()) {
            txns.add(localNode(node, zone.interconnect(), f));
            txns.add(pods(topology, node));
        }
        if (zone.interconnect()) {
            NbTxn remote = new NbTxn("remote zones in " + zone.name());
            topology.nodes().stream().filter(n -> !zone.serves(n.name())).forEach(n -> remoteNode(remote, n, f));
            txns.add(remote);
        }
        udns(topology, zone, version, txns);
        txns.add(LoadBalancers.forZone(topology, zone));
        txns.addAll(PolicyAcls.forZone(topology, zone, version));
        return txns.stream().filter(t -> !t.isEmpty()).toList();
    }

    /**
     * Each primary UDN's part of the zone ({@link UdnTopology}), then the default network's isolation of the UDN
     * pods' default ports ({@link UdnIsolation}), which needs those ports, so after the default pods.
     */
    private static void udns(Topology topology, Zone zone, OvnVersion version, List<NbTxn> txns) {
        if (topology.udns().isEmpty()) {
            return;
        }
        UdnTopology.Features features = UdnTopology.Features.of(version);
        List<UdnPod> udnPods = topology.udnPods();
        for (UdnSpec spec : topology.udns()) {
            List<UdnTopology.Pod> pods = udnPods.stream().filter(p -> p.network().equals(spec))
                    .map(p -> new UdnTopology.Pod(p.pod(), p.ip(), p.tunnelKey())).toList();
            txns.addAll(UdnTopology.forZone(spec, zone, topology.nodes(), pods, features));
        }
        txns.add(UdnIsolation.forZone(zone, udnPods.stream().map(UdnPod::pod).toList(), features));
    }

    private static NbTxn clusterWide(Zone zone, Families f) {
        NbTxn t = new NbTxn("cluster router and join switch in " + zone.name());
        if (zone.interconnect()) {
            t.add("set", "nb_global", ".", "name=" + q(zone.name()), kv("options", "name", zone.name()));
        }
        t.add("lr-add", CLUSTER_ROUTER)
         .add("set", "logical_router", CLUSTER_ROUTER, kv("external_ids", "k8s-cluster-router", "yes"))
         .add("ls-add", JOIN_SWITCH);
        routerLink(t, CLUSTER_ROUTER, "rtoj-" + CLUSTER_ROUTER,
                f.v4 ? "0a:58:64:40:00:01" : Addressing.mac6(Addressing.CLUSTER_ROUTER_JOIN_IP6),
                f.nets("100.64.0.1/16", Addressing.CLUSTER_ROUTER_JOIN_IP6 + "/64"), JOIN_SWITCH, "jtor-" + CLUSTER_ROUTER);
        String cluster = Addressing.CLUSTER_CIDR;
        if (f.v4) {
            t.add("lr-policy-add", CLUSTER_ROUTER, "102", "ip4.src == " + cluster + " && ip4.dst == " + cluster, "allow")
             .add("lr-policy-add", CLUSTER_ROUTER, "102", "ip4.src == " + cluster + " && ip4.dst == " + Addressing.JOIN_CIDR,
                     "allow");
        }
        if (f.v6) {
            String cluster6 = Addressing.CLUSTER_CIDR6;
            t.add("lr-policy-add", CLUSTER_ROUTER, "102", "ip6.src == " + cluster6 + " && ip6.dst == " + cluster6, "allow")
             .add("lr-policy-add", CLUSTER_ROUTER, "102", "ip6.src == " + cluster6 + " && ip6.dst == "
                     + Addressing.JOIN_CIDR6, "allow");
        }
        if (zone.interconnect()) {
            t.add("ls-add", TRANSIT_SWITCH)
             .add("set", "logical_switch", TRANSIT_SWITCH, kv("other_config", "interconn-ts", TRANSIT_SWITCH),
                     kv("other_config", "requested-tnl-key", Integer.toString(Addressing.TRANSIT_SWITCH_TUNNEL_KEY)),
                     kv("other_config", "mcast_snoop", "true"), kv("other_config", "mcast_querier", "false"),
                     kv("other_config", "mcast_flood_unregistered", "true"));
        }
        return t;
    }

    private static NbTxn localNode(NodeSpec n, boolean interconnect, Families f) {
        String node = n.name();
        String gr = OvnNames.gatewayRouter(node);
        String ext = OvnNames.externalSwitch(node);
        NbTxn t = new NbTxn("node " + node);
        t.add("ls-add", node);
        if (f.v4) {
            t.add("set", "logical_switch", node, kv("other_config", "subnet", n.subnet()),
                    kv("other_config", "exclude_ips", n.managementIp()), kv("external_ids", "node", node));
        } else {
            t.add("set", "logical_switch", node, kv("external_ids", "node", node));
        }
        if (f.v6) {
            // ovn-kubernetes writes the /64's prefix without its length: OVN's IPv6 IPAM takes a bare prefix.
            t.add("set", "logical_switch", node, kv("other_config", "ipv6_prefix", n.subnet6().replace("/64", "")));
        }
        routerLink(t, CLUSTER_ROUTER, OvnNames.routerPort(node), n.gatewayMac(),
                f.nets(n.gatewayIp() + "/" + n.hostSubnetLength(), n.gatewayIp6() + "/64"), node, OvnNames.switchPort(node));
        String mgmt = OvnNames.managementPort(node);
        t.add("lsp-add", node, mgmt).add("lsp-set-addresses", mgmt, n.managementMac() + " "
                + String.join(" ", f.nets(n.managementIp(), n.managementIp6())));
        // Gateway router, joined to the cluster router through the join switch, out to ext_<node>.
        t.add("lr-add", gr)
         .add("set", "logical_router", gr, kv("options", "chassis", node), kv("options", "lb_force_snat_ip", "router_ip"),
                 kv("options", "snat-ct-zone", "0"), kv("options", "always_learn_from_arp_request", "false"),
                 kv("options", "dynamic_neigh_routers", "true"), kv("external_ids", "physical_ip", n.primaryNodeIp()),
                 kv("external_ids", "physical_ips", String.join(",", f.nets(n.nodeIp(), n.nodeIp6()))));
        routerLink(t, gr, "rtoj-" + gr, n.joinMac(), f.nets(n.joinIp() + "/16", n.joinIp6() + "/64"), JOIN_SWITCH,
                "jtor-" + gr);
        t.add("ls-add", ext);
        routerLink(t, gr, OvnNames.externalRouterPort(node), n.nodeMac(),
                f.nets(n.nodeIp() + "/16", n.nodeIp6() + "/64"), ext, "etor-" + gr);
        String localnet = OvnNames.localnetPort(node);
        t.add("lsp-add", ext, localnet).add("lsp-set-type", localnet, "localnet")
         .add("lsp-set-addresses", localnet, "unknown")
         .add("lsp-set-options", localnet, "network_name=" + OvnNames.PHYSNET);
        if (f.v4) {
            t.add("lr-route-add", gr, Addressing.CLUSTER_CIDR, "100.64.0.1")
             // The next hop's MAC is what ovn-controller learns at run time: see LearntMacBindings.
             .add("lr-route-add", gr, "0.0.0.0/0", Addressing.NODE_NETWORK_GATEWAY, OvnNames.externalRouterPort(node))
             .add("lr-nat-add", gr, "snat", n.nodeIp(), Addressing.CLUSTER_CIDR)
             // Option before command: "lr-route-add R --policy=..." is refused by ovn-nbctl.
             .add("--policy=src-ip", "lr-route-add", CLUSTER_ROUTER, n.subnet(), n.joinIp())
             .add("lr-policy-add", CLUSTER_ROUTER, "1004",
                     "inport == " + q(OvnNames.routerPort(node)) + " && ip4.dst == " + n.nodeIp() + " /* " + node + " */",
                     "reroute", n.managementIp());
        }
        if (f.v6) {
            t.add("lr-route-add", gr, Addressing.CLUSTER_CIDR6, Addressing.CLUSTER_ROUTER_JOIN_IP6)
             .add("lr-route-add", gr, "::/0", Addressing.NODE_NETWORK_GATEWAY6, OvnNames.externalRouterPort(node))
             .add("lr-nat-add", gr, "snat", n.nodeIp6(), Addressing.CLUSTER_CIDR6)
             .add("--policy=src-ip", "lr-route-add", CLUSTER_ROUTER, n.subnet6(), n.joinIp6())
             .add("lr-policy-add", CLUSTER_ROUTER, "1004", "inport == " + q(OvnNames.routerPort(node)) + " && ip6.dst == "
                     + n.nodeIp6() + " /* " + node + " */", "reroute", n.managementIp6());
        }
        if (interconnect) {
            routerLink(t, CLUSTER_ROUTER, OvnNames.transitRouterPort(node), n.transitMac(),
                    f.nets(n.transitIp() + "/16", n.transitIp6() + "/64"), TRANSIT_SWITCH, OvnNames.transitSwitchPort(node));
            t.add("set", "logical_switch_port", OvnNames.transitSwitchPort(node),
                    kv("options", "requested-tnl-key", Integer.toString(n.nodeId())));
        }
        return t;
    }

    private static NbTxn pods(Topology topology, NodeSpec n) {
        NbTxn t = new NbTxn("pods on " + n.name());
        for (PodSpec p : topology.ovnPodsOn(n.name())) {
            String lsp = p.logicalPort();
            String addresses = p.mac() + " " + String.join(" ", p.ips());
            t.add("lsp-add", n.name(), lsp).add("lsp-set-addresses", lsp, addresses)
             .add("lsp-set-port-security", lsp, addresses)
             .add("set", "logical_switch_port", lsp, kv("options", "requested-chassis", n.name()),
                     kv("options", "iface-id-ver", p.uid()), kv("external_ids", "namespace", p.namespace()),
                     kv("external_ids", "pod", "true"));
        }
        return t;
    }

    /** A node of another zone, as ovnkube-controller sees it: a remote transit port and routes through it. */
    private static void remoteNode(NbTxn t, NodeSpec m, Families f) {
        String port = OvnNames.transitSwitchPort(m.name());
        t.add("lsp-add", TRANSIT_SWITCH, port).add("lsp-set-type", port, "remote")
         .add("lsp-set-addresses", port, m.transitMac() + " "
                 + String.join(" ", f.nets(m.transitIp() + "/16", m.transitIp6() + "/64")))
         .add("set", "logical_switch_port", port, kv("options", "requested-chassis", m.name()),
                 kv("options", "requested-tnl-key", Integer.toString(m.nodeId())), kv("external_ids", "node", m.name()));
        if (f.v4) {
            t.add("lr-route-add", CLUSTER_ROUTER, m.subnet(), m.transitIp())
             .add("lr-route-add", CLUSTER_ROUTER, m.joinIp() + "/32", m.transitIp());
        }
        if (f.v6) {
            t.add("lr-route-add", CLUSTER_ROUTER, m.subnet6(), m.transitIp6())
             .add("lr-route-add", CLUSTER_ROUTER, m.joinIp6() + "/128", m.transitIp6());
        }
    }

    /** The cluster's IP families: which of each pair of per-family values a port or route gets. */
    private record Families(boolean v4, boolean v6) {
        /** A port's networks or addresses, IPv4 first (ovn-kubernetes' order), only those of the cluster's families. */
        List<String> nets(String ipv4, String ipv6) {
            return v4 && v6 ? List.of(ipv4, ipv6) : v4 ? List.of(ipv4) : List.of(ipv6);
        }
    }

    /** A router port and its peer switch port of type router (a user-defined network's too: {@link UdnTopology}). */
    static void routerLink(NbTxn t, String router, String routerPort, String mac, List<String> networks,
                                   String logicalSwitch, String switchPort) {
        List<String> lrp = new ArrayList<>(List.of("lrp-add", router, routerPort, mac));
        lrp.addAll(networks);
        t.add(lrp.toArray(String[]::new))
         .add("lsp-add", logicalSwitch, switchPort).add("lsp-set-type", switchPort, "router")
         .add("lsp-set-addresses", switchPort, "router")
         .add("lsp-set-options", switchPort, "router-port=" + routerPort);
    }
}
