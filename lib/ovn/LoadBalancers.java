package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ovntrace.lib.cluster.Protocol;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.ServiceSpec;
import ovntrace.topology.Topology;

/**
 * Services as ovn-kubernetes renders ClusterIP Services: one load balancer per Service and protocol, named
 * {@code Service_<namespace>/<name>_<PROTO>_cluster}, with a VIP per port and the endpoints as backends, all in
 * the load balancer group {@code clusterLBGroup} that every node switch, the cluster router and every gateway
 * router of the zone use. A Service without endpoints keeps its VIP with no backends ({@code reject=true}).
 * A dual-stack Service's load balancer holds both families' VIPs, IPv6 ones bracketed ({@code [fd00:10:96::a]:53}
 * to {@code [fd00:10:244:2::4]:53,...}), as ovn-kubernetes' {@code services.buildClusterLBs} puts every ClusterIP of
 * the Service into the one load balancer of its protocol.
 */
public final class LoadBalancers {

    private LoadBalancers() {}

    public static String name(ServiceSpec service, Protocol protocol) {
        return "Service_" + service.namespace() + "/" + service.name() + "_" + protocol + "_cluster";
    }

    static NbTxn forZone(Topology topology, Zone zone) {
        NbTxn t = new NbTxn("load balancers in " + zone.name());
        List<String> ids = new ArrayList<>();
        for (ServiceSpec s : topology.services()) {
            List<PodSpec> endpoints = topology.endpoints(s);
            for (Protocol protocol : Protocol.values()) {
                Map<String, String> vips = vips(s, protocol, endpoints);
                if (vips.isEmpty()) {
                    continue;
                }
                String id = "@lb" + ids.size();
                ids.add(id);
                List<String> create = new ArrayList<>(List.of("--id=" + id, "create", "load_balancer",
                        "name=" + q(name(s, protocol)), "protocol=" + protocol.ovn()));
                vips.forEach((vip, backends) -> create.add(kv("vips", vip, backends)));
                create.addAll(List.of(kv("external_ids", "k8s.ovn.org/kind", "Service"),
                        kv("external_ids", "k8s.ovn.org/owner", s.namespace() + "/" + s.name()),
                        kv("options", "event", "false"), kv("options", "reject", "true"),
                        kv("options", "skip_snat", "false"), kv("options", "neighbor_responder", "none")));
                t.add(create.toArray(String[]::new));
            }
        }
        t.add("--id=@lbg", "create", "load_balancer_group", "name=" + OvnNames.LB_GROUP,
                "load_balancer=[" + String.join(",", ids) + "]");
        t.add("add", "logical_router", OvnNames.CLUSTER_ROUTER, "load_balancer_group", "@lbg");
        for (NodeSpec n : zone.nodes()) {
            t.add("add", "logical_switch", n.name(), "load_balancer_group", "@lbg")
             .add("add", "logical_router", OvnNames.gatewayRouter(n.name()), "load_balancer_group", "@lbg");
        }
        return t;
    }

    /** {@code "clusterIP:port"} to {@code "ep:targetPort,..."} for the ports of one protocol. */
    private static Map<String, String> vips(ServiceSpec s, Protocol protocol, List<PodSpec> endpoints) {
        Map<String, String> vips = new LinkedHashMap<>();
        for (ServiceSpec.Port port : s.ports()) {
            if (port.protocol() == protocol) {
                if (s.clusterIp() != null) {
                    vips.put(s.clusterIp() + ":" + port.port(), endpoints.stream()
                            .map(p -> p.ip() + ":" + port.targetPort()).collect(Collectors.joining(",")));
                }
                if (s.clusterIp6() != null) {
                    vips.put("[" + s.clusterIp6() + "]:" + port.port(), endpoints.stream().filter(p -> p.ip6() != null)
                            .map(p -> "[" + p.ip6() + "]:" + port.targetPort()).collect(Collectors.joining(",")));
                }
            }
        }
        return vips;
    }
}
