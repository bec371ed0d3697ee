package ovntrace.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.OfprotoTable;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;

/** Locates the drop in each tool's parsed output and, for ACL drops, the ACL and the policy behind it. */
final class Drops {

    /** northd wraps an ACL's match as {@code reg0[N] == 1 && (<acl match>)} and adds 1000 to its priority. */
    private static final Pattern ACL_WRAPPED = Pattern.compile("^reg0\\[\\d+] == 1 && \\((.*)\\)$");
    private static final int ACL_PRIORITY_OFFSET = 1000;

    private Drops() {}

    static Optional<DropPoint> fromOvn(OvnTrace trace, String zone, AclDirectory acls) {
        return trace.drop().map(site -> {
            OvnStage stage = site.stage();
            String action = stage.implicitDrop() ? "no match (implicit drop)"
                    : site.explicit() ? "drop;" : "trace ends after: " + String.join(" ", stage.actions());
            return new DropPoint("ovn-trace", zone, site.pipeline().datapath(), site.pipeline().kind(), stage.table(),
                    stage.name(), stage.match(), stage.priority(), action, acl(site.pipeline(), stage, acls));
        });
    }

    /** The ACL behind an ACL-stage drop; with ACL tiers (OVN 24+) the verdict is set in the preceding *_acl_eval. */
    private static AclRef acl(OvnPipeline pipeline, OvnStage stage, AclDirectory acls) {
        if (!stage.isAcl()) return null;
        OvnStage rule = stage;
        if (stage.name().endsWith("_acl_action")) {
            List<OvnStage> stages = pipeline.stages();
            for (int i = stages.indexOf(stage) - 1; i >= 0; i--)
                if (stages.get(i).name().endsWith("_acl_eval")) {
                    rule = stages.get(i);
                    break;
                }
        }
        Matcher wrapped = ACL_WRAPPED.matcher(rule.match());
        String match = wrapped.matches() ? wrapped.group(1) : rule.match();
        int priority = rule.priority() >= ACL_PRIORITY_OFFSET ? rule.priority() - ACL_PRIORITY_OFFSET : rule.priority();
        String direction = pipeline.ingress() ? "from-lport" : "to-lport";
        String logged = rule.loggedAclName().isEmpty() ? stage.loggedAclName() : rule.loggedAclName();
        Optional<AclDirectory.Row> row = logged.isEmpty() ? acls.find(direction, priority, match) : acls.named(logged);
        if (row.isPresent()) {
            AclDirectory.Row r = row.get();
            return AclNames.describe(r.name(), r.direction(), r.priority(), r.match(), r.action(), r.externalIds());
        }
        return AclNames.describe(logged, direction, priority, match, "drop", Map.of());
    }

    static Optional<DropPoint> fromDetrace(Detrace detrace, String zone, AclDirectory acls) {
        return detrace.dropping().map(a -> {
            DetraceAnnotation.LogicalFlow flow = a.all(DetraceAnnotation.LogicalFlow.class).get(0);
            AclRef acl = a.all(DetraceAnnotation.Acl.class).stream().findFirst().map(x -> {
                Optional<AclDirectory.Row> row = acls.find(x.direction(), x.priority(), x.match());
                return AclNames.describe(row.map(AclDirectory.Row::name).orElse(""), x.direction(), x.priority(),
                        x.match(), x.action(), row.map(AclDirectory.Row::externalIds).orElse(Map.of()));
            }).orElse(null);
            String datapath = flow.datapaths().isEmpty() ? "" : String.join(", ", flow.datapaths());
            return new DropPoint("ovn-detrace", zone, datapath, flow.pipeline(), flow.table(), flow.stage(),
                    flow.match(), flow.priority(), flow.actions(), acl);
        });
    }

    /** Without ovn-detrace, an OpenFlow drop is reported by bridge and table only. */
    static Optional<DropPoint> fromOfproto(OfprotoTrace trace, String zone) {
        if (!trace.dropped()) return Optional.empty();
        OfprotoTable last = null;
        for (OfprotoTable t : trace.passes().get(trace.passes().size() - 1).tables()) if (t.drops()) last = t;
        if (last == null) return Optional.of(new DropPoint("ofproto/trace", zone, "", "", -1, "", "", -1, "drop", null));
        return Optional.of(new DropPoint("ofproto/trace", zone, last.bridge(), "", last.table(),
                "OpenFlow table " + last.table() + (last.cookie().isEmpty() ? "" : " (cookie " + last.cookie() + ")"),
                last.match(), last.priority(), last.noMatch() ? "no match" : "drop", null));
    }
}
