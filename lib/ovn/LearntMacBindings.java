package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.List;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.Topology;

/**
 * The MAC bindings a real node's ovn-controller has learnt, on each gateway router: its next hop out, the kind
 * network's gateway, on its external port; and its next hop back in, the cluster router's join address, on its join
 * port. On a real node the first packet each way makes the gateway router ARP for the next hop (it has
 * options:dynamic_neigh_routers=true, so northd gives it no static bindings for its router peers) and
 * ovn-controller stores the reply as a MAC_Binding row in the southbound database. The local cluster has no peer to
 * answer and sends no packets, so without the rows every pod-to-external trace ends in an ARP request before SNAT,
 * and the reply of that connection (routed by the gateway router to the pod network via 100.64.0.1) in another.
 * <p>
 * Why a southbound MAC_Binding and not a northbound Static_MAC_Binding (which OVN 23.03 has): a real cluster has
 * the learnt row, and the tracers should read the same state (ovn-trace prints "MAC binding to ..." from it).
 * northd keeps the row while its datapath and logical port exist, and no aging is configured on the router
 * (options:mac_binding_age_threshold unset), as ovn-kubernetes leaves it.
 */
final class LearntMacBindings {

    /**
     * The MAC of the kind network's gateway as a node sees it: the docker bridge, with the 02:42 prefix docker gives
     * its addresses and the gateway's IPv4 bytes, like the nodes' own MACs ({@link Addressing#nodeMac}).
     */
    static final String NODE_NETWORK_GATEWAY_MAC = "02:42:ac:12:00:01";

    /**
     * The cluster router's join port (rtoj-ovn_cluster_router, {@link LogicalTopology}): the gateway routers' route
     * to the pod network goes through it, and it answers their ARP with this MAC, derived from the IP as
     * ovn-kubernetes derives its router MACs.
     */
    static final String CLUSTER_ROUTER_JOIN_IP = "100.64.0.1", CLUSTER_ROUTER_JOIN_MAC = Addressing.mac(CLUSTER_ROUTER_JOIN_IP);

    private LearntMacBindings() {}

    /**
     * Records, in the zone's southbound database, both next hops' MACs as learnt on each of the zone's gateway routers.
     * Run before the zone's {@code --wait=hv sync}: ovn-controller then has the flows when the sandbox is ready.
     */
    static void learnGatewayMacs(OvnTools tools, Topology topology, Zone zone) throws SandboxException {
        // The rows reference the gateway routers' datapaths, which northd has to have created first.
        ZoneControl.syncNorthd(tools, topology, zone);
        List<String> sb = new ArrayList<>();
        for (NodeSpec node : zone.nodes()) {
            String gr = OvnNames.gatewayRouter(node.name());
            String datapath = ZoneControl.sbctl(tools, zone, List.of("--bare", "--columns=_uuid", "find", "datapath_binding",
                    NbTxn.kv("external_ids", "name", gr))).strip();
            if (datapath.isEmpty()) {
                throw new SandboxException(SandboxException.FAILED, "northd made no datapath for " + gr);
            }
            // ovn-controller stamps what it learns with the wall clock in milliseconds.
            long now = System.currentTimeMillis();
            if (topology.hasIpv4()) {
                sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q(OvnNames.externalRouterPort(node.name())),
                        "ip=" + q(Addressing.NODE_NETWORK_GATEWAY), "mac=" + q(NODE_NETWORK_GATEWAY_MAC),
                        "datapath=" + datapath, "timestamp=" + now));
                sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q("rtoj-" + gr),
                        "ip=" + q(CLUSTER_ROUTER_JOIN_IP), "mac=" + q(CLUSTER_ROUTER_JOIN_MAC), "datapath=" + datapath, "timestamp=" + now));
            }
            // The other nodes, as a node's gateway router learns them once its pods talk to their host-network pods or
            // node ports: without them every such trace ends in an ARP through ovn-controller.
            for (NodeSpec peer : topology.nodes()) {
                if (peer.name().equals(node.name())) continue;
                if (topology.hasIpv4()) {
                    sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q(OvnNames.externalRouterPort(node.name())),
                            "ip=" + q(Addressing.nodeIp(peer.index())), "mac=" + q(Addressing.nodeMac(peer.index())),
                            "datapath=" + datapath, "timestamp=" + now));
                }
                if (topology.hasIpv6()) {
                    sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q(OvnNames.externalRouterPort(node.name())),
                            "ip=" + q(peer.nodeIp6()), "mac=" + q(peer.nodeMac()), "datapath=" + datapath, "timestamp=" + now));
                }
            }
            if (topology.hasIpv6()) {
                // The same next hops by neighbour discovery: one node MAC per interface, whatever the family.
                sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q(OvnNames.externalRouterPort(node.name())),
                        "ip=" + q(Addressing.NODE_NETWORK_GATEWAY6), "mac=" + q(NODE_NETWORK_GATEWAY_MAC),
                        "datapath=" + datapath, "timestamp=" + now));
                sb.addAll(List.of("--", "create", "mac_binding", "logical_port=" + q("rtoj-" + gr),
                        "ip=" + q(Addressing.CLUSTER_ROUTER_JOIN_IP6),
                        "mac=" + q(topology.hasIpv4() ? CLUSTER_ROUTER_JOIN_MAC : Addressing.mac6(Addressing.CLUSTER_ROUTER_JOIN_IP6)),
                        "datapath=" + datapath, "timestamp=" + now));
            }
        }
        if (!sb.isEmpty()) {
            ZoneControl.sbctl(tools, zone, sb);
        }
    }
}
