package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import ovntrace.lib.cluster.Fact;
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

    /** ovn-detrace of {@code feeds}'s output, on the node that ran it. */
    void detrace(String label, Leg leg, Side a, String to, PlannedStep feeds, boolean remote, boolean extra) {
        NodeFacts node = feeds.where();
        String skip = node.detraceAvailable() || !node.reachable() ? "" : node.detraceProblem();
        String command = UpstreamSteps.ovnDetrace(node.db());
        String problem = !node.reachable() ? node.execProblem()
                : feeds.problem().isEmpty() ? "" : "no ofproto/trace output to read: " + feeds.problem();
        steps.add(new PlannedStep(label, Tool.OVN_DETRACE, leg, remote, a.name(), to, node, command, new Search.None(), extra,
                problem, skip, feeds));
    }

    /** Across zones the first trace stops at the transit switch; the rest runs in the destination's zone. */
    static boolean needsRemote(Side a, Side b) {
        return !b.hostNetwork() && !a.sameZone(b);
    }

    PlannedStep add(String label, Tool tool, Leg leg, boolean remote, String from, String to, NodeFacts where,
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

    static Search regex(String r) {
        return new Search.Regex(r);
    }
}
