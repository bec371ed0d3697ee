package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.UdnSpec;

/**
 * The NB transactions that build one zone's part of a primary user-defined network as ovn-kubernetes does
 * (github.com/ovn-org/ovn-kubernetes, go-controller/pkg/ovn/): layer3 ({@code secondary_layer3_network_controller.go}:
 * cluster router, join switch, a switch per node with its router port and management port, a gateway router per
 * node, and in interconnect mode a transit switch of the network's own) or layer2
 * ({@code secondary_layer2_network_controller.go}: one switch for all nodes, in IC mode also its transit switch,
 * with a gateway router per node sitting on it). Gateway routers and external switches come from
 * {@code gateway.go} (GatewayInit, addExternalSwitch): they SNAT to the network's masquerade address, not to the
 * node address. {@link UdnIsolation} builds the default network's side of the isolation.
 *
 * <p>Left out: COPP, Services and load balancer groups, multicast, the network's cluster port groups, gateway
 * chassis, the gateway routers' masquerade routes. Layer2 needs IC with one node per zone, as upstream (gateway.go:
 * "this will work only for IC with one node per zone"): each gateway router's port on the switch has one name.
 */
public final class UdnTopology {

    /** What the NB schema offers: ACL tiers (OVN 23.06+) and NAT {@code match} (not in 23.03's schema 7.0.0). */
    public record Features(boolean aclTiers, boolean natMatch) {
        public static Features of(OvnVersion version) { // the local cluster's 23.03 has neither, 25.03 both
            return new Features(version.aclTiers(), version.aclTiers());
        }
    }

    /** A pod whose primary network is this UDN: its default-network pod, its address and (layer2) tunnel key. */
    public record Pod(PodSpec pod, String ip, int tunnelKey) {
        public String mac() {
            return Addressing.mac(ip);
        }
    }

    private final UdnSpec spec;
    private final UdnNames names;
    private final Features features;
    private int rows;

    private UdnTopology(UdnSpec spec, Features features) {
        this.spec = spec;
        this.names = new UdnNames(spec);
        this.features = features;
    }

    /** Everything of {@code spec} in {@code zone}, in the order it has to be applied. */
    public static List<NbTxn> forZone(UdnSpec spec, Zone zone, List<NodeSpec> allNodes, List<Pod> pods,
                                      Features features) {
        boolean layer2 = spec.topology() == UdnSpec.Layer.LAYER2;
        if (layer2 && zone.nodes().size() > 1) {
            throw new IllegalArgumentException("layer2 network " + spec.networkName() + " needs interconnect mode"
                    + " with one node per zone (" + zone.name() + " has " + zone.nodes().size() + ")");
        }
        UdnTopology b = new UdnTopology(spec, features);
        List<NbTxn> txns = new ArrayList<>();
        txns.add(b.networkWide(zone));
        for (NodeSpec n : zone.nodes()) {
            txns.add(b.localNode(n, zone.interconnect()));
        }
        NbTxn podTxn = new NbTxn("pods of " + spec.networkName() + " in " + zone.name());
        pods.stream().filter(p -> zone.serves(p.pod().node())).forEach(p -> b.pod(podTxn, p, false));
        if (zone.interconnect()) {
            allNodes.stream().filter(m -> !zone.serves(m.name())).forEach(m -> b.remoteNode(podTxn, m));
            if (layer2) {
                pods.stream().filter(p -> !zone.serves(p.pod().node())).forEach(p -> b.pod(podTxn, p, true));
            }
        }
        txns.add(podTxn);
        return txns.stream().filter(t -> !t.isEmpty()).toList();
    }

    private NbTxn networkWide(Zone zone) {
        NbTxn t = new NbTxn("network " + spec.networkName() + " in " + zone.name());
        if (spec.topology() == UdnSpec.Layer.LAYER3) {
            String cr = names.clusterRouter();
            t.add("lr-add", cr).add(ids("logical_router", cr, names.clusterRouterIds()));
            t.add("ls-add", names.joinSwitch()).add(ids("logical_switch", names.joinSwitch(), names.portIds()));
            link(t, cr, names.clusterRouterToJoin(), Addressing.mac(UdnSpec.CLUSTER_ROUTER_JOIN_IP),
                    List.of(UdnSpec.CLUSTER_ROUTER_JOIN_IP + "/16"), names.joinSwitch(), names.joinToClusterRouter(),
                    true, false);
            if (zone.interconnect()) {
                t.add("ls-add", names.transitSwitch());
                transitConfig(t);
            }
        } else {
            String sw = names.layer2Switch();
            t.add("ls-add", sw).add(ids("logical_switch", sw, names.switchIds(), kv("other_config", "subnet", spec.cidr())));
            if (zone.interconnect()) {
                transitConfig(t);
            }
        }
        return t;
    }

    /** zone_ic_handler.go addTransitSwitchConfig: the tunnel key is the base key plus the network id. */
    private void transitConfig(NbTxn t) {
        String ts = names.transitSwitch();
        t.add("set", "logical_switch", ts, kv("other_config", "interconn-ts", ts),
                kv("other_config", "requested-tnl-key", Integer.toString(spec.transitSwitchTunnelKey())),
                kv("other_config", "mcast_snoop", "true"), kv("other_config", "mcast_querier", "false"),
                kv("other_config", "mcast_flood_unregistered", "true"));
    }

    private NbTxn localNode(NodeSpec n, boolean interconnect) {
        String node = n.name();
        int i = n.index();
        boolean layer3 = spec.topology() == UdnSpec.Layer.LAYER3;
        NbTxn t = new NbTxn("node " + node + " of " + spec.networkName());
        String sw = names.nodeSwitch(node);
        String subnet = spec.nodeSubnet(i);
        String mgmtMac = Addressing.mac(spec.managementIp(i));
        String gr = names.gatewayRouter(node);
        if (layer3) {
            // base_network_controller.go createNodeLogicalSwitch and syncNodeClusterRouterPort.
            t.add("ls-add", sw).add(ids("logical_switch", sw, names.switchIds(), kv("other_config", "subnet", subnet),
                    kv("other_config", "exclude_ips", spec.managementIp(i))));
            link(t, names.clusterRouter(), names.routerToSwitch(node), Addressing.mac(spec.gatewayIp(i)),
                    List.of(spec.gatewayIp(i) + "/" + spec.nodePrefix()), sw, names.switchToRouter(node), false, false);
        }
        // base_network_controller.go syncNodeManagementPort: k8s-<prefix><node>, MAC from the .2 address.
        String mgmt = names.managementPort(node);
        t.add("lsp-add", sw, mgmt).add("lsp-set-addresses", mgmt, mgmtMac + " " + spec.managementIp(i));
        // gateway.go GatewayInit: no snat-ct-zone for a UDN; layer2 SNATs load-balanced traffic to its join address.
        t.add("lr-add", gr).add(ids("logical_router", gr, grIds(n), kv("options", "chassis", node),
                kv("options", "lb_force_snat_ip", layer3 ? "router_ip" : spec.gatewayRouterJoinIp(i)),
                kv("options", "always_learn_from_arp_request", "false"), kv("options", "dynamic_neigh_routers", "true")));
        String joinIp = spec.gatewayRouterJoinIp(i);
        List<String> inner = layer3 ? List.of(joinIp + "/16")
                : List.of(joinIp + "/16", spec.gatewayIp(i) + "/" + spec.nodePrefix());
        link(t, gr, names.gatewayRouterInnerPort(node), Addressing.mac(joinIp), inner,
                layer3 ? names.joinSwitch() : sw, names.gatewayRouterInnerPeer(node), true, true);
        if (!layer3) {
            t.add("set", "logical_switch_port", names.gatewayRouterInnerPeer(node),
                    kv("options", "requested-tnl-key", Integer.toString(spec.layer2GatewayTunnelKey(i))));
        }
        external(t, n);
        String masq = spec.masqueradeGatewayRouterIp();
        if (layer3) {
            route(t, gr, spec.cidr(), UdnSpec.CLUSTER_ROUTER_JOIN_IP, null, null);
            route(t, names.clusterRouter(), subnet, joinIp, null, "src-ip");
            snat(t, gr, masq, spec.cidr(), null, null);
            // secondary_layer3_network_controller.go addUDNNodeSubnetEgressSNAT: to the host through mpX.
            snat(t, names.clusterRouter(), spec.masqueradeManagementIp(), subnet, names.routerToSwitch(node),
                    "eth.dst == " + mgmtMac);
        } else {
            snat(t, gr, masq, spec.cidr(), null, "outport == " + q(names.gatewayRouterToExternal(node)));
            // secondary_layer2_network_controller.go addUDNClusterSubnetEgressSNAT names rtoj-GR_..., as upstream.
            snat(t, gr, spec.masqueradeManagementIp(), spec.cidr(), "rtoj-" + gr, "eth.dst == " + mgmtMac);
        }
        route(t, gr, "0.0.0.0/0", Addressing.NODE_NETWORK_GATEWAY, names.gatewayRouterToExternal(node), null);
        if (interconnect && layer3) {
            // zone_ic_handler.go createLocalZoneNodeResources: the transit address is the node's, for every network.
            link(t, names.clusterRouter(), names.routerToTransit(node), n.transitMac(), List.of(n.transitIp() + "/16"),
                    names.transitSwitch(), names.transitToRouter(node), false, false);
            t.add("set", "logical_router_port", names.routerToTransit(node), kv("options", "mcast_flood", "true"))
             .add("set", "logical_switch_port", names.transitToRouter(node),
                     kv("options", "requested-tnl-key", Integer.toString(n.nodeId())), kv("external_ids", "node", node));
        }
        return t;
    }

    /** gateway.go addExternalSwitch; the router port carries the node address and the masquerade address. */
    private void external(NbTxn t, NodeSpec n) {
        String node = n.name();
        String ext = names.externalSwitch(node);
        String rtoe = names.gatewayRouterToExternal(node);
        String etor = names.externalToGatewayRouter(node);
        t.add("ls-add", ext).add(ids("logical_switch", ext, names.switchIds()));
        t.add("lrp-add", names.gatewayRouter(node), rtoe, n.nodeMac(), n.nodeIp() + "/16",
                spec.masqueradeGatewayRouterIp() + "/17").add(ids("logical_router_port", rtoe, names.portIds()));
        t.add("lsp-add", ext, etor).add("lsp-set-type", etor, "router").add("lsp-set-addresses", etor, n.nodeMac())
         .add("lsp-set-options", etor, "router-port=" + rtoe, "nat-addresses=router", "exclude-lb-vips-from-garp=true")
         .add(ids("logical_switch_port", etor, names.portIds()));
        String localnet = names.localnetPort(node);
        t.add("lsp-add", ext, localnet).add("lsp-set-type", localnet, "localnet")
         .add("lsp-set-addresses", localnet, "unknown")
         .add("lsp-set-options", localnet, "network_name=" + OvnNames.PHYSNET)
         .add(ids("logical_switch_port", localnet, names.portIds()));
    }

    private Map<String, String> grIds(NodeSpec n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("physical_ip", n.nodeIp());
        m.put("physical_ips", n.nodeIp() + "," + spec.masqueradeGatewayRouterIp());
        m.putAll(names.switchIds());
        return m;
    }

    /** base_network_controller_pods.go addLogicalPortToNetwork; in IC layer2 a remote pod is a remote port. */
    private void pod(NbTxn t, Pod p, boolean remote) {
        PodSpec s = p.pod();
        String lsp = names.podPort(s.namespace(), s.name());
        String addresses = p.mac() + " " + p.ip();
        t.add("lsp-add", names.nodeSwitch(s.node()), lsp).add("lsp-set-addresses", lsp, addresses);
        if (remote) {
            t.add("lsp-set-type", lsp, "remote");
        } else {
            t.add("lsp-set-port-security", lsp, addresses)
             .add("set", "logical_switch_port", lsp, kv("options", "iface-id-ver", s.uid()));
        }
        t.add("set", "logical_switch_port", lsp, kv("options", "requested-chassis", s.node()));
        if (spec.topology() == UdnSpec.Layer.LAYER2) {
            t.add("set", "logical_switch_port", lsp, kv("options", "requested-tnl-key", Integer.toString(p.tunnelKey())));
        }
        t.add(ids("logical_switch_port", lsp, names.podPortIds(s.namespace())));
    }

    /** Another zone's node: its transit port and routes (layer3), or its gateway router's port (layer2). */
    private void remoteNode(NbTxn t, NodeSpec m) {
        boolean layer3 = spec.topology() == UdnSpec.Layer.LAYER3;
        String joinIp = spec.gatewayRouterJoinIp(m.index());
        String port = layer3 ? names.transitToRouter(m.name()) : names.remoteGatewayPort(m.name());
        String mac = layer3 ? m.transitMac() : Addressing.mac(joinIp);
        t.add("lsp-add", names.transitSwitch(), port).add("lsp-set-type", port, "remote")
         .add("lsp-set-addresses", port, mac + " " + (layer3 ? m.transitIp() : joinIp) + "/16")
         .add("set", "logical_switch_port", port, kv("options", "requested-chassis", m.name()),
                 kv("options", "requested-tnl-key", Integer.toString(layer3 ? m.nodeId()
                         : spec.layer2GatewayTunnelKey(m.index()))));
        if (layer3) {
            t.add("set", "logical_switch_port", port, kv("external_ids", "node", m.name()));
            // zone_ic_handler.go addRemoteNodeStaticRoutes: external_ids ic-node only.
            for (String prefix : List.of(spec.nodeSubnet(m.index()), joinIp + "/32")) {
                String id = "@r" + rows++;
                t.add("--id=" + id, "create", "logical_router_static_route", "ip_prefix=" + q(prefix),
                        "nexthop=" + q(m.transitIp()), kv("external_ids", "ic-node", m.name()))
                 .add("add", "logical_router", names.clusterRouter(), "static_routes", id);
            }
        } else {
            t.add(ids("logical_switch_port", port, names.portIds(), kv("external_ids", UdnNames.KEY_NODE, m.name())));
        }
    }

    /** buildSNAT/BuildSNATWithMatch; a conditional SNAT is left out where the schema has no NAT match. */
    private void snat(NbTxn t, String router, String externalIp, String logicalIp, String logicalPort, String match) {
        boolean conditional = logicalPort != null;
        if (conditional && !features.natMatch()) {
            return;
        }
        String id = "@nat" + rows++;
        List<String> a = new ArrayList<>(List.of("--id=" + id, "create", "nat", "type=snat",
                "external_ip=" + q(externalIp), "logical_ip=" + q(logicalIp)));
        if (logicalPort != null) {
            a.add("logical_port=" + q(logicalPort));
        }
        if (match != null && features.natMatch()) {
            a.add("match=" + q(match));
        }
        names.portIds().forEach((k, v) -> a.add(kv("external_ids", k, v)));
        t.add(a.toArray(String[]::new)).add("add", "logical_router", router, "nat", id);
    }

    private void route(NbTxn t, String router, String prefix, String nexthop, String outputPort, String policy) {
        String id = "@r" + rows++;
        List<String> a = new ArrayList<>(List.of("--id=" + id, "create", "logical_router_static_route",
                "ip_prefix=" + q(prefix), "nexthop=" + q(nexthop)));
        if (outputPort != null) {
            a.add("output_port=" + q(outputPort));
        }
        if (policy != null) {
            a.add("policy=" + policy);
        }
        names.portIds().forEach((k, v) -> a.add(kv("external_ids", k, v)));
        t.add(a.toArray(String[]::new)).add("add", "logical_router", router, "static_routes", id);
    }

    /** A router port and its peer switch port of type router, each optionally with the network's external_ids. */
    private void link(NbTxn t, String router, String routerPort, String mac, List<String> networks, String sw,
                      String switchPort, boolean routerPortIds, boolean switchPortIds) {
        LogicalTopology.routerLink(t, router, routerPort, mac, networks, sw, switchPort);
        if (routerPortIds) {
            t.add(ids("logical_router_port", routerPort, names.portIds()));
        }
        if (switchPortIds) {
            t.add(ids("logical_switch_port", switchPort, names.portIds()));
        }
    }

    static String[] ids(String table, String row, Map<String, String> ids, String... more) {
        List<String> a = new ArrayList<>(List.of("set", table, row));
        ids.forEach((k, v) -> a.add(kv("external_ids", k, v)));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }
}
