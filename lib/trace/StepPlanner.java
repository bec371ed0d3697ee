package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.PlannedStep.Search;
import ovntrace.lib.trace.TraceCommands.CtState;

/**
 * What to run, as pure data. First upstream's steps in upstream's order (the drop-in layer): for a pod or Service
 * target the (service,) ovn-trace, remote ovn-trace, ofproto/trace and ovn-detrace steps of both directions; for an
 * external IP the three steps of the source. Then ovntrace's own checks, each leg tracing one tuple: the request as a
 * new connection and its reply as the established reply (ovn-trace, ofproto/trace and ovn-detrace on the sending
 * node), and the reverse-initiated connection as a new one; to an external IP, the request as a new connection and
 * its reply as it comes back from the node network through the gateway router's un-SNAT. Where a leg's packet leaves
 * its node through a tunnel, {@link #arrivals} plans the receiving node's steps once the sending node's ofproto/trace
 * has shown the tunnel.
 */
public final class StepPlanner {

    /** What to plan: {@code dst} and (for a Service) {@code service}, or {@code dstIp}. */
    public record Input(Side src, Side dst, ServiceInfo service, String dstIp, Connection connection, Protocol protocol,
                        int dstPort, boolean skipDetrace, boolean ownChecks) {

        /**
         * With the connection that follows from the ends: to a pod, through a Service, or out to an IP (SNATed to the
         * node's address when it leaves through the source node's gateway router, see {@link #snatAddress}).
         */
        public Input(Side src, Side dst, ServiceInfo service, String dstIp, Protocol protocol, int dstPort, boolean skipDetrace,
                     boolean ownChecks) {
            this(src, dst, service, dstIp, service != null ? Connection.toService(protocol, src.ip(), service)
                            : dstIp != null ? Connection.toIp(protocol, src.ip(), dstIp, dstPort, snatAddress(src, dstIp).orElse(""))
                            : Connection.toPod(protocol, src.ip(), dst.ip(), dstPort),
                    protocol, dstPort, skipDetrace, ownChecks);
        }
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
                    + PortNames.management(src.nodeName()) + " and the host routes and SNATs it; its reply comes back through the host");
        }
        Fact<Annotations.Gateway> gw = src.node().gateway();
        return gw.present() ? gw.get().ip(AddressFamily.of(dstIp)) : Fact.missing(gw.problem());
    }

    private final Input in;
    private final List<PlannedStep> steps = new ArrayList<>();

    private StepPlanner(Input in) {
        this.in = in;
    }

    public static List<PlannedStep> plan(Input in) {
        StepPlanner p = new StepPlanner(in);
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
                () -> TraceCommands.ovnTraceToIp(src, ip, p, in.dstPort()), () -> regex(SearchStrings.ovnTraceToIp(srcNode)), false);
        PlannedStep ofproto = add("ovs-appctl ofproto/trace pod to IP", Tool.OFPROTO_TRACE, up, false, src.name(), ip,
                src.node(), () -> TraceCommands.ofprotoTrace(src, ip, p, in.dstPort()),
                () -> new Search.EgressOf(trace, srcNode, src.node().mp0Ofport()), false);
        if (!in.skipDetrace()) detrace("ovn-detrace pod to external IP", up, src, ip, ofproto, false, false);
        if (!in.ownChecks()) return;
        // the request: the same microflow as a new connection, one tuple in every tool
        PlannedStep request = add("ovn-trace " + StepLabels.REQUEST + StepLabels.POD_TO_IP, Tool.OVN_TRACE, Leg.REQUEST, false,
                src.name(), ip, src.node(), () -> TraceCommands.ovnTraceRequestToIp(src, ip, p, in.dstPort()),
                () -> new Search.LeavesCluster(srcNode), true);
        PlannedStep requestOfproto = add("ovs-appctl ofproto/trace " + StepLabels.REQUEST + StepLabels.POD_TO_IP, Tool.OFPROTO_TRACE,
                Leg.REQUEST, false, src.name(), ip, src.node(),
                () -> TraceCommands.ofprotoTrace(src, ip, p, Connection.SOURCE_PORT, in.dstPort(), CtState.NEW),
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
        Supplier<PlannedStep.SnatEgress> egress = () -> new PlannedStep.SnatEgress(request, PortNames.gatewayRouter(node),
                PortNames.localnet(src.node().externalBridge().get(), node), snat.get());
        add(toSnat, Tool.OVN_TRACE, Leg.REPLY, false, ip, src.name(), src.node(),
                () -> TraceCommands.ovnTraceReplyFromIp(src, ip, reply.dstIp(), in.protocol(), reply.srcPort()),
                () -> new Search.ReachesUnsnat(egress.get()), true);
        add(unsnatted, Tool.OVN_TRACE, Leg.REPLY, false, ip, src.name(), src.node(),
                () -> TraceCommands.ovnTraceReplyFromIp(src, ip, src.ip(), in.protocol(), reply.srcPort()),
                () -> new Search.ReturnsThrough(egress.get(), src.pod().ref().logicalPort()), true);
    }

    private void toPod() {
        Side src = in.src(), dst = in.dst();
        Protocol p = in.protocol();
        ServiceInfo svc = in.service();
        int port = svc != null ? svc.backendPort() : in.dstPort();
        Leg up = Leg.UPSTREAM_FORWARD, back = Leg.REVERSE_INITIATED;
        if (svc != null) {
            add("ovn-trace " + StepLabels.TO_SERVICE, Tool.OVN_TRACE, up, false, src.name(), svc.name(),
                    src.node(), () -> TraceCommands.ovnTraceToService(src, svc, p),
                    () -> regex(SearchStrings.ovnTraceToService(src, dst)), false);
            if (needsRemote(src, dst)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.TO_SERVICE, up, src, dst, port, false);
        }
        ovnTrace(up, src, dst, port);
        ovnTrace(back, dst, src, port);
        PlannedStep fwd = ofproto(up, src, dst, port);
        PlannedStep rev = ofproto(back, dst, src, port);
        if (!in.skipDetrace()) {
            detrace("ovn-detrace " + StepLabels.SRC_TO_DST, up, src, dst.name(), fwd, false, false);
            detrace("ovn-detrace " + StepLabels.DST_TO_SRC, back, dst, src.name(), rev, false, false);
        }
        if (in.ownChecks() && !src.hostNetwork() && !dst.hostNetwork()) {
            newConnection(Leg.REQUEST, src, dst, port);
            newConnection(back, dst, src, port);
            Connection.Tuple reply = in.connection().reply();
            connection(Leg.REQUEST, src, dst, Connection.SOURCE_PORT, port, CtState.NEW);
            replyTrace(dst, src, reply.srcPort());
            connection(Leg.REPLY, dst, src, reply.srcPort(), Connection.SOURCE_PORT, CtState.REPLY);
        }
    }

    private void ovnTrace(Leg leg, Side a, Side b, int port) {
        add("ovn-trace " + StepLabels.direction(leg), Tool.OVN_TRACE, leg, false, a.name(), b.name(), a.node(),
                () -> TraceCommands.ovnTraceToPod(a, b, in.protocol(), port), () -> regex(SearchStrings.ovnTraceToPod(a, b)), false);
        if (needsRemote(a, b)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.direction(leg), leg, a, b, port, false);
    }

    private void remote(String label, Leg leg, Side a, Side b, int port, boolean extra) {
        add(label, Tool.OVN_TRACE, leg, true, a.name(), b.name(), b.node(),
                () -> extra ? TraceCommands.ovnTraceNewConnection(a, b, in.protocol(), port, true)
                        : TraceCommands.ovnTraceRemote(a, b, in.protocol(), port),
                () -> regex(SearchStrings.ovnTraceRemote(b)), extra);
    }

    private PlannedStep ofproto(Leg leg, Side a, Side b, int port) {
        return add("ovs-appctl ofproto/trace " + StepLabels.direction(leg), Tool.OFPROTO_TRACE, leg, false, a.name(), b.name(),
                a.node(), () -> TraceCommands.ofprotoTrace(a, b.ip(), in.protocol(), port),
                () -> regex(SearchStrings.ofprotoToPod(a, b)), false);
    }

    /** ovn-detrace of {@code feeds}'s output, on the node that ran it. */
    private void detrace(String label, Leg leg, Side a, String to, PlannedStep feeds, boolean remote, boolean extra) {
        NodeFacts node = feeds.where();
        String skip = node.detraceAvailable() || !node.reachable() ? "" : node.detraceProblem();
        String command = TraceCommands.ovnDetrace(node.db());
        String problem = !node.reachable() ? node.execProblem()
                : feeds.problem().isEmpty() ? "" : "no ofproto/trace output to read: " + feeds.problem();
        steps.add(new PlannedStep(label, Tool.OVN_DETRACE, leg, remote, a.name(), to, node, command, new Search.None(), extra,
                problem, skip, feeds));
    }

    private void newConnection(Leg leg, Side a, Side b, int port) {
        String dir = StepLabels.direction(leg);
        add(StepLabels.NEW_CONNECTION + dir, Tool.OVN_TRACE, leg, false, a.name(), b.name(), a.node(),
                () -> TraceCommands.ovnTraceNewConnection(a, b, in.protocol(), port, false),
                () -> regex(SearchStrings.ovnTraceToPod(a, b)), true);
        if (needsRemote(a, b)) remote(StepLabels.NEW_CONNECTION + StepLabels.REMOTE + dir, leg, a, b, port, true);
    }

    /** The reply in ovn-trace: the destination's node, then (across zones) the source's, as established reply. */
    private void replyTrace(Side from, Side to, int srcPort) {
        String dir = StepLabels.REPLY + StepLabels.DST_TO_SRC;
        boolean remote = needsRemote(from, to);
        add("ovn-trace " + dir, Tool.OVN_TRACE, Leg.REPLY, false, from.name(), to.name(), from.node(),
                () -> TraceCommands.ovnTraceReply(from, to, in.protocol(), srcPort),
                () -> new Search.LeavesThrough(remote ? PortNames.transitToRouter(to.nodeName()) : to.pod().ref().logicalPort()), true);
        if (remote) {
            add("ovn-trace " + StepLabels.REMOTE + dir, Tool.OVN_TRACE, Leg.REPLY, true, from.name(), to.name(), to.node(),
                    () -> TraceCommands.ovnTraceReplyRemote(from, to, in.protocol(), srcPort),
                    () -> new Search.LeavesThrough(to.pod().ref().logicalPort()), true);
        }
    }

    /** A leg's packet in the sending node's OpenFlow pipeline, and ovn-detrace of it. */
    private void connection(Leg leg, Side from, Side to, int srcPort, int dstPort, CtState state) {
        String dir = leg.id() + " " + (leg.fromSource() ? StepLabels.SRC_TO_DST : StepLabels.DST_TO_SRC);
        PlannedStep ofproto = add("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, leg, false, from.name(), to.name(),
                from.node(), () -> TraceCommands.ofprotoTrace(from, to.ip(), in.protocol(), srcPort, dstPort, state),
                () -> from.sameNode(to) ? new Search.OutputTo(to.ofport().get(), to.iface().get()) : new Search.Tunnelled(), true);
        if (!in.skipDetrace()) detrace("ovn-detrace " + dir, leg, from, to.name(), ofproto, false, true);
    }

    /**
     * The receiving node's steps, planned once the sending node's ofproto/trace ran: for each of ovntrace's
     * ofproto/trace steps whose packet crossed to another node, the receiving br-int traced from the tunnel port the
     * packet arrives on (it passes only if the packet is output to the destination pod's interface), and ovn-detrace
     * of that trace.
     */
    public static List<PlannedStep> arrivals(Input in, List<PlannedStep> plan, Map<PlannedStep, Outcome> outcomes) {
        StepPlanner p = new StepPlanner(in);
        for (PlannedStep sender : plan) {
            if (sender.tool() != Tool.OFPROTO_TRACE || !sender.extra() || !(sender.search() instanceof Search.Tunnelled)) continue;
            boolean request = sender.leg() == Leg.REQUEST;
            Side to = request ? in.dst() : in.src();
            int podPort = in.service() != null ? in.service().backendPort() : in.dstPort();
            Connection.Tuple tuple = request ? new Connection.Tuple(in.src().ip(), Connection.SOURCE_PORT, to.ip(), podPort)
                    : in.connection().reply();
            String dir = StepLabels.RECEIVING + sender.leg().id() + " " + (request ? StepLabels.SRC_TO_DST : StepLabels.DST_TO_SRC);
            Outcome o = outcomes.get(sender);
            String skip = "";
            Fact<Arrival> arrival = Fact.missing("not traced");
            if (o == null || o.result() == null || !o.result().ok()) {
                skip = "not traced: the sending node's ofproto/trace did not run";
            } else if (!Arrival.tunnelled(o.result().stdout())) {
                // the sending node's own step fails for that; there is nothing to follow here
                skip = "not traced: the packet does not leave " + sender.where().node() + " through a tunnel";
            } else {
                arrival = Arrival.of(o.result().stdout(), sender.where(), to.node(), tuple);
            }
            PlannedStep step;
            if (!skip.isEmpty()) {
                step = new PlannedStep("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, sender.leg(), true, sender.from(),
                        sender.to(), to.node(), "", new Search.None(), true, "", skip, null);
                p.steps.add(step);
            } else {
                Fact<Arrival> found = arrival;
                step = p.add("ovs-appctl ofproto/trace " + dir, Tool.OFPROTO_TRACE, sender.leg(), true, sender.from(), sender.to(),
                        to.node(), () -> TraceCommands.ofprotoTraceArrival(found.get(), in.protocol(), request ? CtState.NEW : CtState.REPLY),
                        // traced even when the pod has no OVS interface there: the trace shows where the packet stops
                        () -> new Search.OutputTo(to.ofport().orElse(""), to.iface().orElse("")), true);
            }
            if (!in.skipDetrace() && step.skipReason().isEmpty()) {
                p.detrace("ovn-detrace " + dir, sender.leg(), request ? in.src() : in.dst(), sender.to(), step, true, true);
            }
        }
        return List.copyOf(p.steps);
    }

    /** Across zones the first trace stops at the transit switch; the rest runs in the destination's zone. */
    static boolean needsRemote(Side a, Side b) {
        return !b.hostNetwork() && !a.sameZone(b);
    }

    private PlannedStep add(String label, Tool tool, Leg leg, boolean remote, String from, String to, NodeFacts where,
                            Supplier<String> command, Supplier<Search> search, boolean extra) {
        String cmd = "", problem = where.execProblem();
        Search s = new Search.None();
        try {
            cmd = command.get();
            s = search.get();
        } catch (Fact.Missing e) {
            if (problem.isEmpty()) problem = e.getMessage();
        }
        PlannedStep step = new PlannedStep(label, tool, leg, remote, from, to, where, cmd, s, extra, problem, "", null);
        steps.add(step);
        return step;
    }

    private static Search regex(String r) {
        return new Search.Regex(r);
    }
}
