package ovntrace.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.trace.Tool;
import ovntrace.parse.AclStage;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.OfprotoTable;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;

/** Locates the drop in each tool's parsed output and, for ACL drops, the ACL and the policy behind it. */
final class Drops {

    private Drops() {}

    static Optional<DropPoint> fromOvn(OvnTrace trace, String node, String zone, AclDirectory acls) {
        return trace.drop().map(site -> {
            OvnStage stage = site.stage();
            String action = switch (site.kind()) {
                case NO_MATCH -> "no match (implicit drop)";
                case DROP_ACTION -> "drop;";
                case PIPELINE_ENDS -> "trace ends after: " + String.join(" ", stage.actions());
            };
            AclRef acl = site.aclDecision().map(rule -> acl(site.pipeline(), rule, stage, acls)).orElse(null);
            return new DropPoint(Tool.OVN_TRACE, node, zone, "", site.pipeline().datapath(), site.pipeline().kind(), stage.table(),
                    stage.name(), stage.match(), stage.priority(), action, acl);
        });
    }

    /**
     * The ACL whose flow {@code rule} is (the stage that took the verdict: 23.03's ls_out_acl, 24+'s _acl_eval), named
     * from the Northbound rows when they are known. {@code end} is where the trace stopped; a logging ACL's name may be
     * printed on either.
     */
    private static AclRef acl(OvnPipeline pipeline, OvnStage rule, OvnStage end, AclDirectory acls) {
        String match = AclStage.aclMatch(rule.match());
        int priority = AclStage.aclPriority(rule.priority());
        String direction = pipeline.ingress() ? "from-lport" : "to-lport";
        String logged = rule.loggedAclName().isEmpty() ? end.loggedAclName() : rule.loggedAclName();
        Optional<AclDirectory.Row> row = logged.isEmpty() ? acls.find(direction, priority, match) : acls.named(logged);
        if (row.isPresent()) {
            AclDirectory.Row r = row.get();
            return AclRef.of(r.name(), r.direction(), r.priority(), r.match(), r.action(), r.externalIds());
        }
        return AclRef.of(logged, direction, priority, match, "drop", Map.of());
    }

    /**
     * ovn-detrace names the dropping logical flow; the ACL is annotated on it (23.03) or on the _eval flow before it
     * (25.03, where the dropping flow is the _acl_action one).
     */
    static Optional<DropPoint> fromDetrace(Detrace detrace, String node, String zone, AclDirectory acls) {
        return detrace.dropping().map(a -> {
            DetraceAnnotation.LogicalFlow flow = a.logicalFlow().orElseThrow();
            AclRef acl = detrace.acl(a).map(x -> {
                Optional<AclDirectory.Row> row = acls.find(x.direction(), x.priority(), x.match());
                return AclRef.of(row.map(AclDirectory.Row::name).orElse(""), x.direction(), x.priority(),
                        x.match(), x.action(), row.map(AclDirectory.Row::externalIds).orElse(Map.of()));
            }).orElse(null);
            String datapath = String.join(", ", detrace.datapaths(a));
            return new DropPoint(Tool.OVN_DETRACE, node, zone, bridge(detrace.ofproto()), datapath, flow.pipeline(), flow.table(), flow.stage(),
                    flow.match(), flow.priority(), flow.actions(), acl);
        });
    }

    /**
     * Without ovn-detrace, an OpenFlow drop is reported by bridge and table: the table the last pass ended at, which
     * prints {@code drop} on OVS 3.1 and nothing on OVS 3.5 (the pass just ends there).
     */
    static Optional<DropPoint> fromOfproto(OfprotoTrace trace, String node, String zone) {
        if (!trace.dropped()) return Optional.empty();
        Optional<OfprotoTrace.DropSite> site = trace.drop();
        if (site.isEmpty()) return Optional.of(new DropPoint(Tool.OFPROTO_TRACE, node, zone, bridge(trace), "", "", -1, "", "", -1, "drop", null));
        OfprotoTable end = site.get().table();
        String action = switch (site.get().kind()) {
            case NO_MATCH -> "no match";
            case DROP_ACTION -> "drop";
            case PIPELINE_ENDS -> "pass ends (datapath actions: drop)";
        };
        return Optional.of(new DropPoint(Tool.OFPROTO_TRACE, node, zone, end.bridge(), "", "", end.table(),
                "OpenFlow table " + end.table() + (end.cookie().isEmpty() ? "" : " (cookie " + end.cookie() + ")"),
                end.match(), end.priority(), action, null));
    }

    /** The bridge the trace ended in. */
    private static String bridge(OfprotoTrace trace) {
        List<String> bridges = trace.bridges();
        return bridges.isEmpty() ? "" : bridges.get(bridges.size() - 1);
    }
}
