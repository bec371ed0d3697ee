package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.PlannedStep.Search;

/**
 * Upstream's steps in upstream's order, as pure data: for a pod or Service target the (service,) ovn-trace,
 * remote ovn-trace, ofproto/trace and ovn-detrace steps of both directions; for an external IP the three steps of
 * the source. Then, if asked, ovntrace's new-connection checks.
 */
public final class StepPlanner {

    /** What to plan: {@code dst} and (for a Service) {@code service}, or {@code dstIp}. */
    public record Input(Side src, Side dst, ServiceInfo service, String dstIp, Protocol protocol, int dstPort,
                        boolean skipDetrace, boolean newConnectionChecks) {}

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
        int trace = add("ovn-trace from pod to IP", Tool.OVN_TRACE, Leg.REQUEST, false, src.name(), ip, src.node(),
                () -> TraceCommands.ovnTraceToIp(src, ip, p, in.dstPort()), () -> regex(SearchStrings.ovnTraceToIp(srcNode)), false);
        int ofproto = add("ovs-appctl ofproto/trace pod to IP", Tool.OFPROTO_TRACE, Leg.REQUEST, false, src.name(), ip,
                src.node(), () -> TraceCommands.ofprotoTrace(src, ip, p, in.dstPort()),
                () -> new Search.EgressOf(trace, srcNode, src.node().mp0Ofport()), false);
        if (!in.skipDetrace()) detrace("ovn-detrace pod to external IP", Leg.REQUEST, src, ip, ofproto);
    }

    private void toPod() {
        Side src = in.src(), dst = in.dst();
        Protocol p = in.protocol();
        ServiceInfo svc = in.service();
        int port = svc != null ? svc.backendPort() : in.dstPort();
        if (svc != null) {
            add("ovn-trace " + StepLabels.TO_SERVICE, Tool.OVN_TRACE, Leg.REQUEST, false, src.name(), svc.name(),
                    src.node(), () -> TraceCommands.ovnTraceToService(src, svc, p),
                    () -> regex(SearchStrings.ovnTraceToService(src, dst)), false);
            if (needsRemote(src, dst)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.TO_SERVICE, Leg.REQUEST, src, dst, port, false);
        }
        ovnTrace(Leg.REQUEST, src, dst, port);
        ovnTrace(Leg.REVERSE_INITIATED, dst, src, port);
        int fwd = ofproto(Leg.REQUEST, src, dst, port);
        int rev = ofproto(Leg.REVERSE_INITIATED, dst, src, port);
        if (!in.skipDetrace()) {
            detrace("ovn-detrace " + StepLabels.SRC_TO_DST, Leg.REQUEST, src, dst.name(), fwd);
            detrace("ovn-detrace " + StepLabels.DST_TO_SRC, Leg.REVERSE_INITIATED, dst, src.name(), rev);
        }
        if (in.newConnectionChecks() && !src.hostNetwork() && !dst.hostNetwork()) {
            newConnection(Leg.REQUEST, src, dst, port);
            newConnection(Leg.REVERSE_INITIATED, dst, src, port);
        }
    }

    private void ovnTrace(Leg d, Side a, Side b, int port) {
        add("ovn-trace " + StepLabels.direction(d), Tool.OVN_TRACE, d, false, a.name(), b.name(), a.node(),
                () -> TraceCommands.ovnTraceToPod(a, b, in.protocol(), port), () -> regex(SearchStrings.ovnTraceToPod(a, b)), false);
        if (needsRemote(a, b)) remote("ovn-trace " + StepLabels.REMOTE + StepLabels.direction(d), d, a, b, port, false);
    }

    private void remote(String label, Leg d, Side a, Side b, int port, boolean extra) {
        add(label, Tool.OVN_TRACE, d, true, a.name(), b.name(), b.node(),
                () -> extra ? TraceCommands.ovnTraceNewConnection(a, b, in.protocol(), port, true)
                        : TraceCommands.ovnTraceRemote(a, b, in.protocol(), port),
                () -> regex(SearchStrings.ovnTraceRemote(b)), extra);
    }

    private int ofproto(Leg d, Side a, Side b, int port) {
        return add("ovs-appctl ofproto/trace " + StepLabels.direction(d), Tool.OFPROTO_TRACE, d, false, a.name(), b.name(),
                a.node(), () -> TraceCommands.ofprotoTrace(a, b.ip(), in.protocol(), port),
                () -> regex(SearchStrings.ofprotoToPod(a, b)), false);
    }

    private void detrace(String label, Leg d, Side a, String to, int feeds) {
        NodeFacts node = a.node();
        String skip = node.detraceAvailable() || !node.reachable() ? "" : node.detraceProblem();
        String command = TraceCommands.ovnDetrace(node.db());
        String problem = !node.reachable() ? node.execProblem()
                : steps.get(feeds).problem().isEmpty() ? "" : "no ofproto/trace output to read: " + steps.get(feeds).problem();
        steps.add(new PlannedStep(label, Tool.OVN_DETRACE, d, false, a.name(), to, node, command, new Search.None(), false,
                problem, skip, feeds));
    }

    private void newConnection(Leg d, Side a, Side b, int port) {
        String dir = StepLabels.direction(d);
        add(StepLabels.NEW_CONNECTION + dir, Tool.OVN_TRACE, d, false, a.name(), b.name(), a.node(),
                () -> TraceCommands.ovnTraceNewConnection(a, b, in.protocol(), port, false),
                () -> regex(SearchStrings.ovnTraceToPod(a, b)), true);
        if (needsRemote(a, b)) remote(StepLabels.NEW_CONNECTION + StepLabels.REMOTE + dir, d, a, b, port, true);
    }

    /** Across zones the first trace stops at the transit switch; the rest runs in the destination's zone. */
    static boolean needsRemote(Side a, Side b) {
        return !b.hostNetwork() && !a.sameZone(b);
    }

    private int add(String label, Tool tool, Leg d, boolean remote, String from, String to, NodeFacts where,
                    Supplier<String> command, Supplier<Search> search, boolean extra) {
        String cmd = "", problem = where.execProblem();
        Search s = new Search.None();
        try {
            cmd = command.get();
            s = search.get();
        } catch (Fact.Missing e) {
            if (problem.isEmpty()) problem = e.getMessage();
        }
        steps.add(new PlannedStep(label, tool, d, remote, from, to, where, cmd, s, extra, problem, "", -1));
        return steps.size() - 1;
    }

    private static Search regex(String r) {
        return new Search.Regex(r);
    }
}
