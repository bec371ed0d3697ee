package ovntrace.lib;

import java.util.List;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.trace.Side;

/**
 * The two pods of the upstream documentation example as fully resolved trace ends: chmvh (10.244.2.3) on
 * ovn-worker2 and t4hqw (10.244.1.6) on ovn-worker, MACs and router ports as the documented trace output shows them.
 */
final class DocsSides {

    static final String SRC = "fedora-deployment-7d49fddf69-chmvh", DST = "fedora-deployment-7d49fddf69-t4hqw";
    static final String SRC_NODE = "ovn-worker2", DST_NODE = "ovn-worker";

    private DocsSides() {}

    static NodeFacts node(String node, DbAccess db, boolean localGateway) {
        boolean w2 = node.equals(SRC_NODE);
        return new NodeFacts(node, new ExecTarget("ovn-kubernetes", "ovnkube-node-" + node, "ovnkube-controller", node), db,
                Fact.of(localGateway), Fact.of(w2 ? "0a:58:0a:f4:02:01" : "0a:58:0a:f4:01:01"),
                Fact.of(w2 ? "0a:58:a8:fe:00:02" : "0a:58:a8:fe:00:04"), Fact.of(w2 ? "2" : "3"),
                Fact.of(w2 ? "0a:58:0a:f4:02:02" : "0a:58:0a:f4:01:02"), Fact.of("breth0"), "");
    }

    static Side pod(String name, String node, String ip, String mac, DbAccess db) {
        return new Side(new PodInfo(new PodRef("default", name), node, false, ip, Fact.of(mac)), node(node, db, false),
                Fact.of(mac), Fact.of("veth-" + name.substring(name.length() - 5)), Fact.of(node.equals(SRC_NODE) ? "7" : "9"));
    }

    static Side src(DbAccess db) {
        return pod(SRC, SRC_NODE, "10.244.2.3", "0a:58:0a:f4:02:03", db);
    }

    static Side dst(DbAccess db) {
        return pod(DST, DST_NODE, "10.244.1.6", "0a:58:0a:f4:01:06", db);
    }

    static Side hostNetwork(String name, String node, String ip, DbAccess db, boolean localGateway) {
        NodeFacts n = node(node, db, localGateway);
        return new Side(new PodInfo(new PodRef("default", name), node, true, ip, Fact.missing("host network")), n,
                n.mp0Mac(), Fact.of(PortNames.MGMT_PORT), n.mp0Ofport());
    }

    /**
     * {@code pod} on a node whose {@code k8s.ovn.org/l3-gateway-config} gives the gateway router the node's MAC and
     * IP on the node network, as kind numbers them (ovn-worker: 02:42:ac:12:00:03, 172.18.0.3), in shared or local
     * gateway mode.
     */
    static Side onGateway(Side pod, boolean localGateway) {
        String last = pod.nodeName().equals(SRC_NODE) ? "4" : "3";
        NodeFacts n = node(pod.nodeName(), pod.node().db(), localGateway)
                .withGateway(Fact.of(new Annotations.Gateway("02:42:ac:12:00:0" + last, List.of("172.18.0." + last))));
        return new Side(pod.pod(), n, pod.mac(), pod.iface(), pod.ofport());
    }

    /** {@code side} as an offline run knows it: from its zone's databases only, so nothing that Open vSwitch knows. */
    static Side offline(Side side) {
        NodeFacts n = side.node();
        Fact<String> none = Fact.missing(NodeAccess.NOT_OFFLINE);
        NodeFacts off = new NodeFacts(n.node(), n.where(), n.db(), n.routingViaHost(), n.rtosMac(), n.rtotsMac(), none, n.mp0Mac(),
                n.externalBridge(), n.gateway(), Fact.missing(NodeAccess.NOT_OFFLINE), "", "", NodeAccess.DATABASES_ONLY);
        return new Side(side.pod(), off, side.mac(), side.hostNetwork() ? side.iface() : none, none);
    }

    static DbAccess ic(String node) {
        return DbAccess.interconnect(node);
    }

    static DbAccess central() {
        return DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE, "", "");
    }
}
