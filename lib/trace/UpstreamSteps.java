package ovntrace.lib.trace;

import java.util.List;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.PlannedStep.Search;

/**
 * The drop-in layer: upstream ovnkube-trace's steps in upstream's order, with its command strings byte for byte. For a
 * pod or Service target the (service,) ovn-trace, remote ovn-trace, ofproto/trace and ovn-detrace steps of both
 * directions (the source-to-destination ones are leg {@link Leg#UPSTREAM_FORWARD}, the others
 * {@link Leg#REVERSE_INITIATED}); for an external IP the three steps of the source.
 *
 * <p>The commands: {@code ==} without spaces and single quotes in ovn-trace microflows, double quotes and {@code ", "}
 * separators in ofproto/trace flows, fixed source ports 52888 (OVN) and 12345 (OpenFlow) and TTL 64. Every value
 * pasted in was validated first (names by Kubernetes rules, IPs as literals, MACs and ofports by shape), so nothing in
 * them can break out of the quotes.
 */
public final class UpstreamSteps extends Plan {

    public static final String OVN_SRC_PORT = "52888", OFPROTO_SRC_PORT = "12345";

    private UpstreamSteps(Input in) {
        super(in);
    }

    public static List<PlannedStep> plan(Input in) {
        UpstreamSteps p = new UpstreamSteps(in);
        if (in.dstIp() != null) p.toIp();
        else p.toPod();
        return List.copyOf(p.steps);
    }

    private void toIp() {
        Side src = in.src();
        String ip = in.dstIp(), srcNode = src.nodeName();
        Protocol p = in.protocol();
        Leg up = Leg.UPSTREAM_FORWARD;
        PlannedStep trace = add("ovn-trace from pod to IP", Tool.OVN_TRACE, up, false, src.name(), ip, src.node(),
                () -> ovnTraceToIp(src, ip, p, in.dstPort()), () -> regex(SearchStrings.ovnTraceToIp(srcNode)), false);
        PlannedStep ofproto = add("ovs-appctl ofproto/trace pod to IP", Tool.OFPROTO_TRACE, up, false, src.name(), ip,
                src.node(), () -> ofprotoTrace(src, ip, p, in.dstPort()),
                () -> new Search.EgressOf(trace, srcNode, src.node().mp0Ofport()), false);
        if (!in.skipDetrace()) detrace("ovn-detrace pod to external IP", up, src, ip, ofproto, false, false);
    }

    private void toPod() {
        Side src = in.src(), dst = in.dst();
        Protocol p = in.protocol();
        ServiceInfo svc = in.service();
        int port = svc != null ? svc.backendPort() : in.dstPort();
        Leg up = Leg.UPSTREAM_FORWARD, back = Leg.REVERSE_INITIATED;
        if (svc != null) {
            add("ovn-trace " + StepLabels.TO_SERVICE, Tool.OVN_TRACE, up, false, src.name(), svc.name(),
                    src.node(), () -> ovnTraceToService(src, svc, p),
                    () -> regex(SearchStrings.ovnTraceToService(src, dst)), false);
            if (needsRemote(src, dst)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.TO_SERVICE, up, src, dst, port);
        }
        ovnTrace(up, src, dst, port);
        ovnTrace(back, dst, src, port);
        PlannedStep fwd = ofproto(up, src, dst, port);
        PlannedStep rev = ofproto(back, dst, src, port);
        if (!in.skipDetrace()) {
            detrace("ovn-detrace " + StepLabels.SRC_TO_DST, up, src, dst.name(), fwd, false, false);
            detrace("ovn-detrace " + StepLabels.DST_TO_SRC, back, dst, src.name(), rev, false, false);
        }
    }

    private void ovnTrace(Leg leg, Side a, Side b, int port) {
        add("ovn-trace " + StepLabels.direction(leg), Tool.OVN_TRACE, leg, false, a.name(), b.name(), a.node(),
                () -> ovnTraceToPod(a, b, in.protocol(), port), () -> regex(SearchStrings.ovnTraceToPod(a, b)), false);
        if (needsRemote(a, b)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.direction(leg), leg, a, b, port);
    }

    private void remote(String label, Leg leg, Side a, Side b, int port) {
        add(label, Tool.OVN_TRACE, leg, true, a.name(), b.name(), b.node(), () -> ovnTraceRemote(a, b, in.protocol(), port),
                () -> regex(SearchStrings.ovnTraceRemote(b)), false);
    }

    private PlannedStep ofproto(Leg leg, Side a, Side b, int port) {
        return add("ovs-appctl ofproto/trace " + StepLabels.direction(leg), Tool.OFPROTO_TRACE, leg, false, a.name(), b.name(),
                a.node(), () -> ofprotoTrace(a, b, in.protocol(), port),
                () -> regex(SearchStrings.ofprotoToPod(a, b)), false);
    }

    // ---- the commands ----

    /** Pod to pod on the source node (also the first half of a trace into another zone). */
    public static String ovnTraceToPod(Side src, Side dst, Protocol p, int port) {
        return src.node().db().ovnTrace() + " " + src.datapath() + " '"
                + microflow(src.inport(), src.mac().get(), src.firstHopMac(dst), src.family(), src.ip(),
                        dst.family(), dst.ip(), p, port) + "'";
    }

    /** The second half, in the destination zone, entering from the transit switch; no datapath argument. */
    public static String ovnTraceRemote(Side src, Side dst, Protocol p, int port) {
        return dst.node().db().ovnTrace() + " '"
                + microflow(src.remoteInport(dst), src.mac().get(), src.remoteEthDst(dst), src.family(),
                        src.ip(), dst.family(), dst.ip(), p, port) + "'";
    }

    /**
     * The only upstream trace with a connection state: a new connection, steered to one backend. Upstream writes
     * {@code --lb-dst IP:PORT} (ovnkube-trace.go), which for an IPv6 backend ovn-trace reads as one longer address
     * with no port ({@code fd00:10:244:2::4:53}), DNATing to no backend at all; ovn-trace's own syntax for that is
     * {@code [IP]:PORT}, used for IPv6 only so IPv4 commands stay upstream's byte for byte.
     */
    public static String ovnTraceToService(Side src, ServiceInfo svc, Protocol p) {
        AddressFamily svcFamily = AddressFamily.of(svc.clusterIp());
        return src.node().db().ovnTrace() + " " + src.datapath() + " --ct=new '"
                + microflow(src.inport(), src.mac().get(), src.node().rtosMac().get(), src.family(), src.ip(),
                        svcFamily, svc.clusterIp(), p, svc.port())
                + "' --lb-dst " + Connection.endpoint(svc.backend().ip(), svc.backendPort());
    }

    /** Pod to an address outside the cluster; both address keys follow the destination's family. */
    public static String ovnTraceToIp(Side src, String dstIp, Protocol p, int port) {
        AddressFamily f = AddressFamily.of(dstIp);
        return src.node().db().ovnTrace() + " " + src.datapath() + " '"
                + microflow(src.port(), src.mac().get(), src.node().rtosMac().get(), f, src.ip(),
                        f, dstIp, p, port) + "'";
    }

    public static String ofprotoTrace(Side src, String dstIp, Protocol p, int port) {
        return ofprotoTrace(src, dstIp, src.node().rtosMac().get(), p, port);
    }

    /** To a pod: on a layer2 network, to the pod's own MAC ({@link Side#firstHopMac}). */
    static String ofprotoTrace(Side src, Side dst, Protocol p, int port) {
        return ofprotoTrace(src, dst.ip(), src.firstHopMac(dst), p, port);
    }

    private static String ofprotoTrace(Side src, String dstIp, String dstMac, Protocol p, int port) {
        boolean v6 = AddressFamily.of(dstIp) == AddressFamily.IP6;
        String proto = p.ovn();
        return "ovs-appctl ofproto/trace br-int \"in_port=" + src.iface().get() + ", " + proto + (v6 ? "6" : "")
                + ", dl_src=" + src.mac().get() + ", dl_dst=" + dstMac
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
}
