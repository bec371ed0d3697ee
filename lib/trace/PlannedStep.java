package ovntrace.lib.trace;

import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.exec.ExecRounds;

/**
 * A trace step before it runs: its label and names, the leg it belongs to, the node it runs on, the exact command,
 * and how its output will be judged. A step whose inputs are missing carries the {@code problem} (it will be
 * inconclusive); a step that cannot run here carries {@code skipReason} (ovn-detrace missing in the pod).
 *
 * @param remote runs on the other end's node: the second half of an ovn-trace in the destination's zone, or the
 *               receiving node's ofproto/trace and the ovn-detrace that reads it
 * @param extra true for ovntrace's own checks beyond upstream's steps; they print a line only when they fail
 * @param reads for ovn-detrace, the ofproto/trace step whose output it reads, else null
 */
public record PlannedStep(String label, Tool tool, Leg leg, boolean remote, String from, String to,
                          NodeFacts where, String command, Search search, boolean extra, String problem,
                          String skipReason, PlannedStep reads) implements ExecRounds.Step {

    /** How a step's stdout is judged: upstream's regular expressions for its steps, the parsed output for ovntrace's. */
    public sealed interface Search {
        /** Upstream's success regex, searched anywhere in stdout. */
        record Regex(String regex) implements Search {}

        /** No search string: success whenever the command ran (upstream's ovn-detrace). */
        record None() implements Search {}

        /** ofproto/trace to an IP: the regex depends on where the ovn-trace {@code trace} left the cluster. */
        record EgressOf(PlannedStep trace, String srcNode, Fact<String> srcMp0Ofport) implements Search {}

        /** ovn-trace: the packet leaves the logical network through {@code port} (a pod's, or the transit switch's). */
        record LeavesThrough(String port) implements Search {}

        /** ofproto/trace: the packet leaves this node through a Geneve tunnel. */
        record Tunnelled() implements Search {}

        /** ofproto/trace: the packet is output to OpenFlow port {@code ofport} (the destination pod's interface). */
        record OutputTo(String ofport, String iface) implements Search {}

        /**
         * ovn-trace of a request to an external IP: it leaves the logical network where upstream's egress reading
         * allows: out of a localnet port (the gateway router's way out), out of {@code srcNode}'s management port
         * (routing via the host), or into the transit switch (another node egresses it).
         */
        record LeavesCluster(String srcNode) implements Search {}

        /** ofproto/trace: the datapath does not drop the packet. */
        record NotDropped() implements Search {}

        /**
         * ovn-trace of the reply from an external IP addressed to the SNAT address: it passes on reaching the gateway
         * router's un-SNAT stage ({@code lr_in_unsnat}), where ovn-trace stops: it does not simulate a gateway
         * router's bare {@code ct_snat;}.
         */
        record ReachesUnsnat(SnatEgress egress) implements Search {}

        /** ovn-trace of that reply as it is after the un-SNAT: it leaves the logical network through {@code port}. */
        record ReturnsThrough(SnatEgress egress, String port) implements Search {}
    }

    /**
     * The way out a reply from outside the cluster comes back through: the request's ovn-trace ({@code request})
     * leaving through gateway router {@code router}'s localnet port {@code localnet} SNATed to {@code snatIp}. The
     * reply steps are judged only when the request did leave that way; otherwise the reply comes back elsewhere and
     * they are skipped.
     */
    public record SnatEgress(PlannedStep request, String router, String localnet, String snatIp) {}

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

    /** The databases its command reads: an ovn-trace daemon of that zone may answer it. */
    @Override
    public DbAccess db() {
        return where.db();
    }

    /** An ofproto/trace keeps its output for the ovn-detrace that reads it. */
    @Override
    public boolean capturesOutput() {
        return tool == Tool.OFPROTO_TRACE;
    }

    /** ovn-detrace looks up each distinct cookie of its input once ({@link DetraceCommands#distinctCookies}). */
    @Override
    public String feeding(String command) {
        return tool == Tool.OVN_DETRACE ? DetraceCommands.distinctCookies(command) : command;
    }
}
