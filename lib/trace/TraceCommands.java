package ovntrace.lib.trace;

import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.cluster.Protocol;

/**
 * Upstream ovnkube-trace's command strings, byte for byte: {@code ==} without spaces and single quotes in ovn-trace
 * microflows, double quotes and {@code ", "} separators in ofproto/trace flows, fixed source ports 52888 (OVN) and
 * 12345 (OpenFlow) and TTL 64. Every value pasted in here was validated first (names by Kubernetes rules, IPs as
 * literals, MACs and ofports by shape), so nothing in them can break out of the quotes.
 */
public final class TraceCommands {

    public static final String OVN_SRC_PORT = "52888", OFPROTO_SRC_PORT = "12345";

    private TraceCommands() {}

    /** Pod to pod on the source node (also the first half of a trace into another zone). */
    public static String ovnTraceToPod(Side src, Side dst, Protocol p, int port) {
        return src.node().db().ovnTrace() + " " + src.nodeName() + " '"
                + microflow(src.inport(), src.mac().get(), src.node().rtosMac().get(), src.family(), src.ip(),
                        dst.family(), dst.ip(), p, port) + "'";
    }

    /** The second half, in the destination zone, entering from the transit switch; no datapath argument. */
    public static String ovnTraceRemote(Side src, Side dst, Protocol p, int port) {
        return dst.node().db().ovnTrace() + " '"
                + microflow(PortNames.transitToRouter(src.nodeName()), src.mac().get(), dst.node().rtotsMac().get(), src.family(),
                        src.ip(), dst.family(), dst.ip(), p, port) + "'";
    }

    /** The only upstream trace with a connection state: a new connection, steered to one backend. */
    public static String ovnTraceToService(Side src, ServiceInfo svc, Protocol p) {
        AddressFamily svcFamily = AddressFamily.of(svc.clusterIp());
        return src.node().db().ovnTrace() + " " + src.nodeName() + " --ct=new '"
                + microflow(src.inport(), src.mac().get(), src.node().rtosMac().get(), src.family(), src.ip(),
                        svcFamily, svc.clusterIp(), p, svc.port())
                + "' --lb-dst " + svc.backend().ip() + ":" + svc.backendPort();
    }

    /** Pod to an address outside the cluster; both address keys follow the destination's family. */
    public static String ovnTraceToIp(Side src, String dstIp, Protocol p, int port) {
        AddressFamily f = AddressFamily.of(dstIp);
        return src.node().db().ovnTrace() + " " + src.nodeName() + " '"
                + microflow(src.pod().ref().logicalPort(), src.mac().get(), src.node().rtosMac().get(), f, src.ip(),
                        f, dstIp, p, port) + "'";
    }

    /**
     * Not upstream: the same trace as a new connection (ct state {@code trk,new} for each conntrack pass), which is
     * what NetworkPolicy ACLs judge. Upstream's traces run as established and miss policy drops.
     */
    public static String ovnTraceNewConnection(Side src, Side dst, Protocol p, int port, boolean remote) {
        String base = remote ? ovnTraceRemote(src, dst, p, port) : ovnTraceToPod(src, dst, p, port);
        String head = remote ? dst.node().db().ovnTrace() : src.node().db().ovnTrace() + " " + src.nodeName();
        return head + " " + NEW_CONNECTION_FLAGS + base.substring(head.length());
    }

    /** One {@code --ct=new} per conntrack pass: the source switch, the destination switch, and one to spare. */
    public static final String NEW_CONNECTION_FLAGS = "--ct=new --ct=new --ct=new";

    public static String ofprotoTrace(Side src, String dstIp, Protocol p, int port) {
        boolean v6 = AddressFamily.of(dstIp) == AddressFamily.IP6;
        String proto = p.ovn();
        return "ovs-appctl ofproto/trace br-int \"in_port=" + src.iface().get() + ", " + proto + (v6 ? "6" : "")
                + ", dl_src=" + src.mac().get() + ", dl_dst=" + src.node().rtosMac().get()
                + ", " + (v6 ? "ipv6_src" : "nw_src") + "=" + src.ip() + ", " + (v6 ? "ipv6_dst" : "nw_dst") + "=" + dstIp
                + ", nw_ttl=64, " + proto + "_dst=" + port + ", " + proto + "_src=" + OFPROTO_SRC_PORT + "\"";
    }

    public static String ovnDetrace(DbAccess db) {
        String tail = " --ovsdb=unix:/var/run/openvswitch/db.sock";
        return db.style() == DbAccess.Style.MASTER
                ? "ovn-detrace --ovnnb=" + db.nbUri() + " --ovnsb=" + db.sbUri() + tail
                : "ovn-detrace --ovnnb=" + db.nbUri() + " --ovnsb=" + db.sbUri() + " " + db.sslCertKeys() + tail;
    }

    static String microflow(String inport, String srcMac, String dstMac, AddressFamily srcFamily, String srcIp,
                            AddressFamily dstFamily, String dstIp, Protocol p, int port) {
        return microflow(inport, srcMac, dstMac, srcFamily, srcIp, dstFamily, dstIp, p, Integer.parseInt(OVN_SRC_PORT), port);
    }

    static String microflow(String inport, String srcMac, String dstMac, AddressFamily srcFamily, String srcIp,
                            AddressFamily dstFamily, String dstIp, Protocol p, int srcPort, int dstPort) {
        String proto = p.ovn();
        return "inport==\"" + inport + "\" && eth.src==" + srcMac + " && eth.dst==" + dstMac
                + " && " + srcFamily.ovn() + ".src==" + srcIp + " && " + dstFamily.ovn() + ".dst==" + dstIp
                + " && ip.ttl==64 && " + proto + ".dst==" + dstPort + " && " + proto + ".src==" + srcPort;
    }

    // ---- ovntrace's own steps: one tuple per leg, with the connection state of that leg ----

    /**
     * The conntrack state a leg's packets are traced in. ovn-trace takes one {@code --ct=FLAGS} per conntrack step the
     * packet meets (ct_next, ct_lb_mark, ct_dnat), in order, and falls back to {@code trk,est} when they run out;
     * spare ones are ignored, so a fixed count covers every path (two or three steps between pods, five through a
     * gateway router). ofproto/trace takes one {@code --ct-next} per recirculation after a {@code ct} action and
     * falls back to {@code trk,new}. The reply is {@code est,rpl}: that is what OVN's ACL stages let through without
     * evaluating policies (the priority-65532 {@code ct.est && ct.rpl} flows), and what a reply into a namespace
     * isolated for ingress really is. A plain {@code est} (ovn-trace's default) is an established packet of the
     * original direction, which OVN re-evaluates against the ACLs.
     */
    public enum CtState {
        NEW("new", "trk,new"), REPLY("est,rpl", "trk,est,rpl");

        private final String ovn, openflow;

        CtState(String ovn, String openflow) {
            this.ovn = ovn;
            this.openflow = openflow;
        }

        String ovnTraceFlags(int count) {
            return String.join(" ", java.util.Collections.nCopies(count, "--ct=" + ovn));
        }

        String ctNext(int count) {
            return String.join(" ", java.util.Collections.nCopies(count, "--ct-next '" + openflow + "'"));
        }
    }

    /** The reply of the connection on the sending node ({@code from}: the destination), ports swapped. */
    public static String ovnTraceReply(Side from, Side to, Protocol p, int srcPort) {
        return from.node().db().ovnTrace() + " " + from.nodeName() + " " + CtState.REPLY.ovnTraceFlags(3) + " '"
                + microflow(from.inport(), from.mac().get(), from.node().rtosMac().get(), from.family(), from.ip(),
                        to.family(), to.ip(), p, srcPort, Integer.parseInt(OVN_SRC_PORT)) + "'";
    }

    /** The reply's second half, in the source's zone, entering from the transit switch. */
    public static String ovnTraceReplyRemote(Side from, Side to, Protocol p, int srcPort) {
        return to.node().db().ovnTrace() + " " + CtState.REPLY.ovnTraceFlags(3) + " '"
                + microflow(PortNames.transitToRouter(from.nodeName()), from.mac().get(), to.node().rtotsMac().get(),
                        from.family(), from.ip(), to.family(), to.ip(), p, srcPort, Integer.parseInt(OVN_SRC_PORT)) + "'";
    }

    /**
     * ofproto/trace of one leg's packet on the sending node's br-int, in the leg's conntrack state and with the leg's
     * own ports (upstream's ofproto/trace uses source port 12345, so it traces another connection than its ovn-trace).
     */
    public static String ofprotoTrace(Side from, String dstIp, Protocol p, int srcPort, int dstPort, CtState state) {
        return "ovs-appctl ofproto/trace " + state.ctNext(2) + " br-int \"in_port=" + from.iface().get() + ", "
                + packet(p, from.mac().get(), from.node().rtosMac().get(), from.ip(), dstIp, 64, srcPort, dstPort) + "\"";
    }

    // ---- a pod's connection to an address outside the cluster ----

    /**
     * One {@code --ct} per conntrack step on the way through a gateway router: the pod's switch, the gateway router's
     * un-DNAT and SNAT (or un-SNAT), the destination switch, and one to spare. Spare ones are ignored.
     */
    static final int GATEWAY_CT_STEPS = 5;

    /**
     * A stand-in for the Ethernet source of a packet arriving from the node network (the next hop's MAC, which OVN
     * only knows once learnt): ovn-trace needs one, and no logical flow on the way in matches it: the localnet port
     * has no port security, and the gateway router learns neighbours from ARP, not from IP packets. A locally
     * administered unicast address, so that it cannot be mistaken for a real one.
     */
    public static final String EXTERNAL_SENDER_MAC = "02:00:00:00:00:01";

    /** The request to an external IP as a new connection: upstream's microflow with the connection's source port. */
    public static String ovnTraceRequestToIp(Side src, String dstIp, Protocol p, int port) {
        AddressFamily f = AddressFamily.of(dstIp);
        return src.node().db().ovnTrace() + " " + src.nodeName() + " " + CtState.NEW.ovnTraceFlags(GATEWAY_CT_STEPS) + " '"
                + microflow(src.pod().ref().logicalPort(), src.mac().get(), src.node().rtosMac().get(), f, src.ip(), f, dstIp,
                        p, Connection.SOURCE_PORT, port) + "'";
    }

    /**
     * The reply of a pod's connection to {@code fromIp}, as it comes back from the node network: into the node's
     * external switch from the localnet port, to the gateway router's MAC, addressed to {@code dstIp} (the SNAT
     * address; or the pod, as the packet is after the un-SNAT), ports swapped, as conntrack's established reply.
     */
    public static String ovnTraceReplyFromIp(Side pod, String fromIp, String dstIp, Protocol p, int srcPort) {
        NodeFacts n = pod.node();
        AddressFamily f = AddressFamily.of(fromIp);
        return n.db().ovnTrace() + " " + PortNames.externalSwitch(n.node()) + " " + CtState.REPLY.ovnTraceFlags(GATEWAY_CT_STEPS)
                + " '" + microflow(PortNames.localnet(n.externalBridge().get(), n.node()), EXTERNAL_SENDER_MAC,
                        n.gateway().get().mac(), f, fromIp, AddressFamily.of(dstIp), dstIp, p, srcPort, Connection.SOURCE_PORT) + "'";
    }

    /** ofproto/trace on the receiving node of a packet that arrived through a tunnel ({@link Arrival}). */
    public static String ofprotoTraceArrival(Arrival a, Protocol p, CtState state) {
        return "ovs-appctl ofproto/trace " + state.ctNext(2) + " br-int \"in_port=" + a.tunnelPort() + ", tun_id="
                + a.tunnelKey() + ", tun_src=" + a.tunnelSrc() + ", tun_dst=" + a.tunnelDst()
                + (a.geneveOption().isEmpty() ? "" : ", tun_metadata0=" + a.geneveOption()) + ", "
                + packet(p, a.ethSrc(), a.ethDst(), a.srcIp(), a.dstIp(), a.ttl(), a.srcPort(), a.dstPort()) + "\"";
    }

    private static String packet(Protocol p, String ethSrc, String ethDst, String srcIp, String dstIp, int ttl,
                                 int srcPort, int dstPort) {
        boolean v6 = AddressFamily.of(dstIp) == AddressFamily.IP6;
        String proto = p.ovn();
        return proto + (v6 ? "6" : "") + ", dl_src=" + ethSrc + ", dl_dst=" + ethDst + ", " + (v6 ? "ipv6_src" : "nw_src")
                + "=" + srcIp + ", " + (v6 ? "ipv6_dst" : "nw_dst") + "=" + dstIp + ", " + "nw_ttl=" + ttl
                + ", " + proto + "_src=" + srcPort + ", " + proto + "_dst=" + dstPort;
    }
}
