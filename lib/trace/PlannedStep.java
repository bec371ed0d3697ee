package ovntrace.lib.trace;

import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.exec.ExecRounds;

/**
 * A trace step before it runs: upstream's label and names, the node it runs on, the exact command, and how its
 * output will be judged. A step whose inputs are missing carries the {@code problem} (it will be inconclusive);
 * a step that cannot run here carries {@code skipReason} (ovn-detrace missing in the pod).
 *
 * @param extra true for ovntrace's own checks beyond upstream's steps; they print a line only when they fail
 * @param feeds for ovn-detrace, the index of the ofproto/trace step whose output it reads, else -1
 */
public record PlannedStep(String label, Tool tool, Leg leg, boolean remote, String from, String to,
                          NodeFacts where, String command, Search search, boolean extra, String problem,
                          String skipReason, int feeds) implements ExecRounds.Step {

    /** How a step's stdout is judged. */
    public sealed interface Search {
        /** Upstream's success regex, searched anywhere in stdout. */
        record Regex(String regex) implements Search {}

        /** No search string: success whenever the command ran (upstream's ovn-detrace). */
        record None() implements Search {}

        /** ofproto/trace to an IP: the regex depends on where the ovn-trace of step {@code step} left the cluster. */
        record EgressOf(int step, String srcNode, Fact<String> srcMp0Ofport) implements Search {}
    }

    @Override
    public boolean runnable() {
        return problem.isEmpty() && skipReason.isEmpty();
    }

    @Override
    public ExecTarget target() {
        return where.where();
    }

    @Override
    public String node() {
        return where.node();
    }

    /** An ofproto/trace keeps its output for the ovn-detrace that reads it. */
    @Override
    public boolean capturesOutput() {
        return tool == Tool.OFPROTO_TRACE;
    }
}
