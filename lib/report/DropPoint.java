package ovntrace.report;

import ovntrace.lib.trace.Tool;

/**
 * Where and why a packet was dropped, as the {@code tool} that saw it reports it: on which {@code node}, in which OVS
 * {@code bridge} (ofproto/trace and ovn-detrace; empty for ovn-trace) or logical {@code datapath}, {@code pipeline}
 * ({@code ingress}/{@code egress}, empty for OpenFlow), {@code table} (OpenFlow's for ofproto/trace, the logical one
 * otherwise), {@code stage}, the flow's {@code match} and {@code priority}, the dropping {@code action} ({@code drop;},
 * {@code no match (implicit drop)} ...), and the ACL when an ACL did it.
 */
public record DropPoint(Tool tool, String node, String zone, String bridge, String datapath, String pipeline, int table,
                        String stage, String match, int priority, String action, AclRef acl) {

    /** "on ovn-worker, br-int table 40" or "on ovn-worker2, in ovn-worker2 egress table 4 ls_out_acl". */
    public String where() {
        String on = node.isEmpty() ? "" : "on " + node + ", ";
        if (!bridge.isEmpty() && (tool == Tool.OFPROTO_TRACE || datapath.isEmpty()))
            return on + bridge + " table " + table;
        return on + "in " + datapath + (pipeline.isEmpty() ? "" : " " + pipeline) + " table " + table
                + (stage.isEmpty() ? "" : " " + stage);
    }

    /** {@code ovn-trace}, {@code ofproto/trace} or {@code ovn-detrace}, as the JSON writes it. */
    public String toolName() {
        return ReportJson.toolId(tool);
    }

    /** "ACL NP:restricted:Ingress of NetworkPolicy restricted (default deny)", or empty when no ACL dropped it. */
    public String byAcl() {
        if (acl == null) return "";
        return "ACL " + (acl.name().isEmpty() ? acl.match() : acl.name())
                + (acl.policy().isEmpty() ? "" : " of " + acl.policyKind() + " " + acl.policy());
    }
}
