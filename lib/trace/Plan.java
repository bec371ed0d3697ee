package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.PlannedStep.Search;

/**
 * What to run, as pure data, made by two planners that share this: {@link UpstreamSteps}, upstream ovnkube-trace's
 * steps with its exact commands (the drop-in layer), and {@link ConnectionSteps}, ovntrace's own legs of the
 * connection (request, reply, the receiving node). Each planner is a plan being built: what to plan ({@link Input}),
 * the steps so far, and how a step is added: one whose inputs are missing is kept, inconclusive with the reason.
 */
public abstract class Plan {

    /** What to plan: {@code dst} and (for a Service) {@code service}, or {@code dstIp}. */
    public record Input(Side src, Side dst, ServiceInfo service, String dstIp, Connection connection, Protocol protocol,
                        int dstPort, boolean skipDetrace, boolean ownChecks) {

        /**
         * With the connection that follows from the ends: to a pod, through a Service, or out to an IP (SNATed to the
         * node's address when it leaves through the source node's gateway router, see {@link ConnectionSteps#snatAddress}).
         */
        public Input(Side src, Side dst, ServiceInfo service, String dstIp, Protocol protocol, int dstPort, boolean skipDetrace,
                     boolean ownChecks) {
            this(src, dst, service, dstIp, service != null ? Connection.toService(protocol, src.ip(), service)
                            : dstIp != null ? Connection.toIp(protocol, src.ip(), dstIp, dstPort, ConnectionSteps.snatAddress(src, dstIp).orElse(""))
                            : Connection.toPod(protocol, src.ip(), dst.ip(), dstPort),
                    protocol, dstPort, skipDetrace, ownChecks);
        }
    }

    final Input in;
    final List<PlannedStep> steps = new ArrayList<>();

    Plan(Input in) {
        this.in = in;
    }

    /** Upstream's steps, then ovntrace's own, as the engine runs them before following the tunnels. */
    public static List<PlannedStep> all(Input in) {
        return Stream.concat(UpstreamSteps.plan(in).stream(), ConnectionSteps.plan(in).stream()).toList();
    }

    /** ovn-detrace of {@code feeds}'s output, on the node that ran it; offline it has none to read. */
    void detrace(String label, Leg leg, Side a, String to, PlannedStep feeds, boolean remote, boolean extra) {
        NodeFacts node = feeds.where();
        String skip = node.detraceAvailable() || !node.reachable() ? "" : node.detraceProblem();
        String command = UpstreamSteps.ovnDetrace(node.db());
        String problem = node.databasesOnly() ? NodeAccess.NOT_OFFLINE : !node.reachable() ? node.execProblem()
                : feeds.problem().isEmpty() ? "" : "no ofproto/trace output to read: " + feeds.problem();
        steps.add(new PlannedStep(label, Tool.OVN_DETRACE, leg, remote, a.name(), to, node, command, new Search.None(), extra,
                problem, skip, feeds));
    }

    /** Across zones the first trace stops at the transit switch; the rest runs in the destination's zone. */
    static boolean needsRemote(Side a, Side b) {
        return !b.hostNetwork() && !a.sameZone(b);
    }

    /**
     * A step with its command and search, or the problem of the first missing fact. An ofproto/trace on a node
     * reached offline cannot run, whatever else is missing: it is {@link NodeAccess#NOT_OFFLINE}, with its command
     * where the facts allow (what would run on the node), and its search judged apart from the command, so that a
     * step towards another node stays {@link Search.Tunnelled} and {@link ConnectionSteps#arrivals} lists the
     * receiving node's steps too.
     */
    PlannedStep add(String label, Tool tool, Leg leg, boolean remote, String from, String to, NodeFacts where,
                            Supplier<String> command, Supplier<Search> search, boolean extra) {
        String cmd = "", problem = where.execProblem();
        Search s = new Search.None();
        boolean offline = tool == Tool.OFPROTO_TRACE && where.databasesOnly();
        try {
            cmd = command.get();
            s = search.get();
        } catch (Fact.Missing e) {
            if (problem.isEmpty()) problem = e.getMessage();
            if (offline) s = searchOrNone(search);
        }
        if (offline) problem = NodeAccess.NOT_OFFLINE;
        PlannedStep step = new PlannedStep(label, tool, leg, remote, from, to, where, cmd, s, extra, problem, "", null);
        steps.add(step);
        return step;
    }

    private static Search searchOrNone(Supplier<Search> search) {
        try {
            return search.get();
        } catch (Fact.Missing e) {
            return new Search.None();
        }
    }

    static Search regex(String r) {
        return new Search.Regex(r);
    }
}
