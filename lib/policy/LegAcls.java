package ovntrace.lib.policy;

import java.util.List;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OvnTraceParser;

/**
 * The ACLs that decided about one leg, in evaluation order: from its ovn-trace steps (the sender's switch first, then,
 * in an interconnect cluster, the receiving node's), which show every flow; from its ovn-detrace steps only when no
 * ovn-trace output is there, as ovn-detrace follows OpenFlow and annotates only the flows it went through.
 */
final class LegAcls {

    private LegAcls() {}

    static AclHits.Found of(LegResult leg) {
        List<StepResult> traces = withOutput(leg, Tool.OVN_TRACE);
        if (!traces.isEmpty())
            return AclHits.concat(traces.stream().map(s -> AclHits.fromOvnTrace(OvnTraceParser.parse(s.exec().stdout()),
                    node(s))).toList());
        return AclHits.concat(withOutput(leg, Tool.OVN_DETRACE).stream()
                .map(s -> AclHits.fromDetrace(DetraceParser.parse(s.exec().stdout()), node(s))).toList());
    }

    /** Whether any step of the run shows a policy ACL deciding on {@code node}: then its Northbound ACLs are read. */
    static boolean decidesOn(StepResult s) {
        if (s.exec() == null || s.exec().stdout() == null || s.exec().stdout().isBlank()) return false;
        if (s.tool() == Tool.OVN_TRACE) return !AclHits.fromOvnTrace(OvnTraceParser.parse(s.exec().stdout()), node(s)).hits().isEmpty();
        if (s.tool() == Tool.OVN_DETRACE) return !AclHits.fromDetrace(DetraceParser.parse(s.exec().stdout()), node(s)).hits().isEmpty();
        return false;
    }

    private static List<StepResult> withOutput(LegResult leg, Tool tool) {
        return leg.steps().stream().filter(s -> s.tool() == tool && s.exec() != null && s.exec().stdout() != null
                && !s.exec().stdout().isBlank()).toList();
    }

    private static String node(StepResult s) {
        return s.where() == null || s.where().node() == null ? "" : s.where().node();
    }
}
