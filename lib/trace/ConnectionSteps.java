package ovntrace.lib.trace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.PlannedStep.Search;

/**
 * ovntrace's own checks, after upstream's steps, each leg tracing one tuple ({@link Connection}) in every tool: the
 * request as a new connection and its reply as conntrack's established reply (ovn-trace, ofproto/trace and ovn-detrace
 * on the sending node), and the reverse-initiated connection as a new one; to an external IP, the request as a new
 * connection and its reply as it comes back from the node network through the gateway router's un-SNAT. Where a
 * leg's packet leaves its node through a tunnel, {@link #arrivals} plans the receiving node's steps once the sending
 * node's ofproto/trace has shown the tunnel. With the checks turned off ({@code --no-new-connection-checks}), none.
 */
public final class ConnectionSteps extends Plan {

    private ConnectionSteps(Input in) {
        super(in);
    }

    public static List<PlannedStep> plan(Input in) {
        ConnectionSteps p = new ConnectionSteps(in);
        if (!in.ownChecks()) return List.of();
        if (in.dstIp() != null) p.toIp();
        else p.toPod();
        return List.copyOf(p.steps);
    }

    /**
     * The address a pod's connection to {@code dstIp} is SNATed to, when it leaves through its own node's gateway
     * router: in shared gateway mode that router SNATs the pod network to the node's IP (the {@code ip-addresses}
     * of {@code k8s.ovn.org/l3-gateway-config}). Missing, with the reason, when that is not the way out or not
     * known: in local gateway mode the host routes and SNATs the packet, outside OVN. An EgressIP or a pod
     * exempted from SNAT shows only in the request's trace, which the reply's steps check ({@link PlannedStep.SnatEgress}).
     */
    static Fact<String> snatAddress(Side src, String dstIp) {
        Fact<Boolean> viaHost = src.node().routingViaHost();
        if (!viaHost.present()) return Fact.missing(viaHost.problem());
        if (viaHost.get()) {
            return Fact.missing("local gateway mode on " + src.nodeName() + ": the request leaves through the management port "
                    + src.network().management(src.nodeName()) + " and the host routes and SNATs it; its reply comes back through the host");
        }
        Fact<Annotations.Gateway> gw = src.node().gateway();
        return gw.present() ? gw.get().ip(AddressFamily.of(dstIp)) : Fact.missing(gw.problem());
    }

    private void toIp() {
        Side src = in.src();
        String ip = in.dstIp(), srcNode = src.nodeName();
        Protocol p = in.protocol();
        // the request: the same microflow as a new connection, one tuple in every tool
        PlannedStep request = add("ovn-trace " + StepLabels.REQUEST + StepLabels.POD_TO_IP, Tool.OVN_TRACE, Leg.REQUEST, false,
                src.name(), ip, src.node(), () -> ovnTraceRequestToIp(src, ip, p, in.dstPort()),
                () -> new Search.LeavesCluster(srcNode), true);
        PlannedStep requestOfproto = add("ovs-appctl ofproto/trace " + StepLabels.REQUEST + StepLabels.POD_TO_IP, Tool.OFPROTO_TRACE,
                Leg.REQUEST, false, src.name(), ip, src.node(),
                () -> ofprotoTrace(src, ip, p, Connection.SOURCE_PORT, in.dstPort(), CtState.NEW),
                Search.NotDropped::new, true);
        if (!in.skipDetrace()) detrace("ovn-detrace " + StepLabels.REQUEST + StepLabels.POD_TO_IP, Leg.REQUEST, src, ip, requestOfproto, false, true);
        replyFromIp(request);
    }

    /**
     * The reply from an external IP, on the source node, where it comes back in from the node network: first as it
     * arrives, addressed to the SNAT address, which ovn-trace follows only into the gateway router's un-SNAT stage
     * (it does not simulate a gateway router's {@code ct_snat;}); then as it is after the un-SNAT, addressed to the
     * pod, from the same entry point. Traced only when the request leaves through the source node's own gateway
     * router with SNAT; otherwise skipped, saying why.
     */
    private void replyFromIp(PlannedStep request) {
        Side src = in.src();
        String ip = in.dstIp(), node = src.nodeName();
        Connection.Tuple reply = in.connection().reply();
        String toSnat = "ovn-trace " + StepLabels.REPLY + StepLabels.IP_TO_POD + " (to the SNAT address)";
        String unsnatted = "ovn-trace " + StepLabels.REPLY + StepLabels.IP_TO_POD + " (after un-SNAT)";
        Fact<String> snat = snatAddress(src, ip);
        if (!snat.present()) {
            // not the gateway router's way out (skipped), or not known to be (inconclusive): no way back to guess
            boolean local = src.node().routingViaHost().orElse(false);
            String problem = !src.node().reachable() ? src.node().execProblem() : local ? "" : snat.problem();
            for (String label : List.of(toSnat, unsnatted)) {
                steps.add(new PlannedStep(label, Tool.OVN_TRACE, Leg.REPLY, false, ip, src.name(), src.node(), "",
                        new Search.None(), true, problem, local ? "not traced: " + snat.problem() : "", null));
            }
            return;
        }
        Supplier<PlannedStep.SnatEgress> egress = () -> new PlannedStep.SnatEgress(request, src.network().gatewayRouter(node),
                src.network().localnet(src.node().externalBridge().get(), node), snat.get());
        add(toSnat, Tool.OVN_TRACE, Leg.REPLY, false, ip, src.name(), src.node(),
                () -> ovnTraceReplyFromIp(src, ip, reply.dstIp(), in.protocol(), reply.srcPort()),
                () -> new Search.ReachesUnsnat(egress.get()), true);
        add(unsnatted, Tool.OVN_TRACE, Leg.REPLY, false, ip, src.name(), src.node(),
                () -> ovnTraceReplyFromIp(src, ip, src.ip(), in.protocol(), reply.srcPort()),
                () -> new Search.ReturnsThrough(egress.get(), src.port()), true);
    }

    private void toPod() {
        Side src = in.src(), dst = in.dst();
        ServiceInfo svc = in.service();
        int port = svc != null ? svc.backendPort() : in.dstPort();
        // a host-network end is its node's management port (ovn-k8s-mp0, logical port k8s-<node>): traffic from it
        // enters OVN there, traffic to it leaves OVN towards the host (the planner is never asked for both ends on hosts)
        newConnection(Leg.REQUEST, src, dst, port);
        newConnection(Leg.REVERSE_INITIATED, dst, src, port);
        Connection.Tuple reply = in.connection().reply();
        connection(Leg.REQUEST, src, dst, Connection.SOURCE_PORT, port, CtState.NEW);
        replyTrace(dst, src, reply.srcPort());
        connection(Leg.REPLY, dst, src, reply.srcPort(), Connection.SOURCE_PORT, CtState.REPLY);
    }

    /**
     * Where a packet for {@code to} leaves OVN's logical network on {@code from}'s node: a pod's own port (in its zone),
     * the transit switch towards another zone, or, for a host-network pod (a node address), the management port when
     * the host routes (local gateway mode, or the same node) and else the node's localnet port to the node network,
     * as upstream's success strings for host-network destinations say.
     */
    private static String exit(Side from, Side to) {
        if (to.hostNetwork()) {
            return from.node().routingViaHost().get() || from.sameNode(to) ? from.network().management(from.nodeName())
                    : from.network().localnet(from.node().externalBridge().get(), from.nodeName());
        }
        return needsRemote(from, to) ? from.exitTowards(to) : to.port();
    }

    private void newConnection(Leg leg, Side a, Side b, int port) {
        String dir = StepLabels.direction(leg);
        add(StepLabels.NEW_CONNECTION + dir, Tool.OVN_TRACE, leg, false, a.name(), b.name(), a.node(),
                () -> ovnTraceNewConnection(a, b, in.protocol(), port, false),
                () -> regex(SearchStrings.ovnTraceToPod(a, b)), true);
        if (needsRemote(a, b)) {
            add(StepLabels.NEW_CONNECTION + StepLabels.REMOTE + dir, Tool.OVN_TRACE, leg, true, a.name(), b.name(), b.node(),
                    () -> ovnTraceNewConnection(a, b, in.protocol(), port, true), () -> regex(SearchStrings.ovnTraceRemote(b)), true);
        }
    }

    /** The reply in ovn-trace: the destination's node, then (across zones) the source's, as established reply. */
    private void replyTrace(Side from, Side to, int srcPort) {
        String dir = StepLabels.REPLY + StepLabels.DST_TO_SRC;
        boolean remote = needsRemote(from, to);
        add("ovn-trace " + dir, Tool.OVN_TRACE, Leg.REPLY, false, from.name(), to.name(), from.node(),
                () -> ovnTraceReply(from, to, in.protocol(), srcPort),
                () -> new Search.LeavesThrough(exit(from, to)), true);
        if (remote) {
            add("ovn-trace " + StepLabels.REMOTE + dir, Tool.OVN_TRACE, Leg.REPLY, true, from.name(), to.name(), to.node(),
                    () -> ovnTraceReplyRemote(from, to, in.protocol(), srcPort),
                    () -> new Search.LeavesThrough(to.port()), true);
        }
    }

    /** A leg's packet in the sending node's OpenFlow pipeline, and ovn-detrace of it. */
    private void connection(Leg leg, Side from, Side to, int srcPort, int dstPort, CtState state) {
        String dir = leg.id() + " " + (leg.fromSource() ? StepLabels.SRC_TO_DST : StepLabels.DST_TO_SRC);
        PlannedStep ofproto = add("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, leg, false, from.name(), to.name(),
                from.node(), () -> ofprotoTrace(from, to.ip(), from.firstHopMac(to), in.protocol(), srcPort, dstPort, state),
                () -> from.sameNode(to) ? new Search.OutputTo(to.ofport().get(), to.iface().get())
                        // towards another node's host the packet leaves through the node network or the host, not a tunnel
                        : to.hostNetwork() ? new Search.NotDropped() : new Search.Tunnelled(), true);
        if (!in.skipDetrace()) detrace("ovn-detrace " + dir, leg, from, to.name(), ofproto, false, true);
    }

    /**
     * The receiving node's steps, planned once the sending node's ofproto/trace ran: for each of ovntrace's
     * ofproto/trace steps whose packet crossed to another node, the receiving br-int traced from the tunnel port the
     * packet arrives on (it passes only if the packet is output to the destination pod's interface), and ovn-detrace
     * of that trace. Offline the sending node's ofproto/trace did not run: the receiving node's steps are listed as
     * {@link NodeAccess#NOT_OFFLINE} too, so the report shows every step a live node would have run.
     */
    /**
     * Whether every step {@link #arrivals} follows has its outcome in {@code outcomes} already (or will never run):
     * then the receiving nodes' steps can be planned now and run in the same round as the plan's remaining steps.
     */
    public static boolean sendersRan(List<PlannedStep> plan, Map<PlannedStep, Outcome> outcomes) {
        return plan.stream().filter(ConnectionSteps::sends).allMatch(s -> !s.runnable() || outcomes.containsKey(s));
    }

    /**
     * The nodes a packet of the plan is tunnelled to: each gets an exec for the arrival's ofproto/trace and ovn-detrace
     * after the sending node's ran. Their other ovn-detrace steps wait for it and run in the same ovn-detrace: its start
     * (Python, both databases loaded) is most of what a node's exec costs, and two at once on a busy machine slow
     * every node's exec.
     */
    private static Set<String> receivingNodes(List<PlannedStep> plan) {
        Set<String> nodes = new java.util.LinkedHashSet<>(), out = new java.util.LinkedHashSet<>();
        plan.forEach(s -> nodes.add(s.node()));
        for (PlannedStep s : plan) {
            if (s.runnable() && sends(s)) nodes.stream().filter(n -> !n.equals(s.node())).forEach(out::add);
        }
        return out;
    }

    /** The plan's ovn-detrace steps that wait for their node's receiving exec ({@link #receivingNodes}). */
    public static Set<PlannedStep> waitingForArrivals(List<PlannedStep> plan) {
        Set<String> receiving = receivingNodes(plan);
        Set<PlannedStep> out = new java.util.LinkedHashSet<>();
        plan.stream().filter(s -> s.runnable() && s.tool() == Tool.OVN_DETRACE && receiving.contains(s.node())).forEach(out::add);
        return out;
    }

    /** A step whose packet {@link #arrivals} follows onto the receiving node: ovntrace's ofproto/trace into a tunnel. */
    private static boolean sends(PlannedStep s) {
        return s.tool() == Tool.OFPROTO_TRACE && s.extra() && s.search() instanceof Search.Tunnelled;
    }

    public static List<PlannedStep> arrivals(Input in, List<PlannedStep> plan, Map<PlannedStep, Outcome> outcomes) {
        ConnectionSteps p = new ConnectionSteps(in);
        for (PlannedStep sender : plan) {
            if (!sends(sender)) continue;
            boolean request = sender.leg() == Leg.REQUEST;
            Side to = request ? in.dst() : in.src();
            int podPort = in.service() != null ? in.service().backendPort() : in.dstPort();
            Connection.Tuple tuple = request ? new Connection.Tuple(in.src().ip(), Connection.SOURCE_PORT, to.ip(), podPort)
                    : in.connection().reply();
            String dir = StepLabels.RECEIVING + sender.leg().id() + " " + (request ? StepLabels.SRC_TO_DST : StepLabels.DST_TO_SRC);
            Outcome o = outcomes.get(sender);
            String skip = "";
            Fact<Arrival> arrival = Fact.missing("not traced");
            if (sender.problem().equals(NodeAccess.NOT_OFFLINE)) {
                // offline: listed as the receiving node's steps that would run, not available either
                arrival = Fact.missing(NodeAccess.NOT_OFFLINE);
            } else if (o == null || o.result() == null || !o.result().ok()) {
                skip = "not traced: the sending node's ofproto/trace did not run";
            } else if (!Arrival.tunnelled(o.result().stdout())) {
                // the sending node's own step fails for that; there is nothing to follow here
                skip = "not traced: the packet does not leave " + sender.where().node() + " through a tunnel";
            } else {
                Side from = request ? in.src() : in.dst();
                boolean switched = from.onOneLayer2(to);
                arrival = Arrival.of(o.result().stdout(), sender.where(), to.node(), tuple,
                        switched ? from.mac().orElse("") : "", switched ? to.mac().orElse("") : "");
            }
            PlannedStep step;
            if (!skip.isEmpty()) {
                step = new PlannedStep("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, sender.leg(), true, sender.from(),
                        sender.to(), to.node(), "", new Search.None(), true, "", skip, null);
                p.steps.add(step);
            } else {
                Fact<Arrival> found = arrival;
                step = p.add("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, sender.leg(), true, sender.from(), sender.to(),
                        to.node(), () -> ofprotoTraceArrival(found.get(), in.protocol(), request ? CtState.NEW : CtState.REPLY),
                        // traced even when the pod has no OVS interface there: the trace shows where the packet stops
                        () -> new Search.OutputTo(to.ofport().orElse(""), to.iface().orElse("")), true);
            }
            if (!in.skipDetrace() && step.skipReason().isEmpty()) {
                p.detrace("ovn-detrace " + dir, sender.leg(), request ? in.src() : in.dst(), sender.to(), step, true, true);
            }
        }
        return List.copyOf(p.steps);
    }

    // ---- the commands ----

    /**
     * Not upstream: the same trace as a new connection (ct state {@code trk,new} for each conntrack pass), which is
     * what NetworkPolicy ACLs judge. Upstream's traces run as established and miss policy drops.
     */
    public static String ovnTraceNewConnection(Side src, Side dst, Protocol p, int port, boolean remote) {
        String base = remote ? UpstreamSteps.ovnTraceRemote(src, dst, p, port) : UpstreamSteps.ovnTraceToPod(src, dst, p, port);
        String head = remote ? dst.node().db().ovnTrace() : src.node().db().ovnTrace() + " " + src.datapath();
        return head + " " + NEW_CONNECTION_FLAGS + base.substring(head.length());
    }

    /** One {@code --ct=new} per conntrack pass: the source switch, the destination switch, and one to spare. */
    public static final String NEW_CONNECTION_FLAGS = "--ct=new --ct=new --ct=new";

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
            return String.join(" ", java.util.Collections.nCopies(count, ovnTraceFlag()));
        }

        /** One ovn-trace flag of this state: {@code --ct=new}. */
        String ovnTraceFlag() {
            return "--ct=" + ovn;
        }

        String ctNext(int count) {
            return String.join(" ", java.util.Collections.nCopies(count, "--ct-next '" + openflow + "'"));
        }
    }

    /** The reply of the connection on the sending node ({@code from}: the destination), ports swapped. */
    public static String ovnTraceReply(Side from, Side to, Protocol p, int srcPort) {
        return from.node().db().ovnTrace() + " " + from.datapath() + " " + CtState.REPLY.ovnTraceFlags(3) + " '"
                + UpstreamSteps.microflow(from.inport(), from.mac().get(), from.firstHopMac(to), from.family(), from.ip(),
                        to.family(), to.ip(), p, srcPort, Integer.parseInt(UpstreamSteps.OVN_SRC_PORT)) + "'";
    }

    /** The reply's second half, in the source's zone, entering from the transit switch. */
    public static String ovnTraceReplyRemote(Side from, Side to, Protocol p, int srcPort) {
        return to.node().db().ovnTrace() + " " + CtState.REPLY.ovnTraceFlags(3) + " '"
                + UpstreamSteps.microflow(from.remoteInport(to), from.mac().get(), from.remoteEthDst(to),
                        from.family(), from.ip(), to.family(), to.ip(), p, srcPort, Integer.parseInt(UpstreamSteps.OVN_SRC_PORT)) + "'";
    }

    /**
     * ofproto/trace of one leg's packet on the sending node's br-int, in the leg's conntrack state and with the leg's
     * own ports (upstream's ofproto/trace uses source port 12345, so it traces another connection than its ovn-trace).
     */
    public static String ofprotoTrace(Side from, String dstIp, Protocol p, int srcPort, int dstPort, CtState state) {
        return ofprotoTrace(from, dstIp, from.node().rtosMac().get(), p, srcPort, dstPort, state);
    }

    /** The same to {@code dstMac}: a pod's first hop, or on a layer2 network the destination pod ({@link Side#firstHopMac}). */
    static String ofprotoTrace(Side from, String dstIp, String dstMac, Protocol p, int srcPort, int dstPort, CtState state) {
        return "ovs-appctl ofproto/trace " + state.ctNext(2) + " br-int \"in_port=" + from.iface().get() + ", "
                + packet(p, from.mac().get(), dstMac, from.ip(), dstIp, 64, srcPort, dstPort) + "\"";
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
        return src.node().db().ovnTrace() + " " + src.datapath() + " " + CtState.NEW.ovnTraceFlags(GATEWAY_CT_STEPS) + " '"
                + UpstreamSteps.microflow(src.port(), src.mac().get(), src.node().rtosMac().get(), f, src.ip(), f, dstIp,
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
        return n.db().ovnTrace() + " " + pod.network().externalSwitch(n.node()) + " " + CtState.REPLY.ovnTraceFlags(GATEWAY_CT_STEPS)
                + " '" + UpstreamSteps.microflow(pod.network().localnet(n.externalBridge().get(), n.node()), EXTERNAL_SENDER_MAC,
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
