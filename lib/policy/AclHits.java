package ovntrace.lib.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.parse.AclStage;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;

/**
 * Finds, in what a tool printed, every ACL that took a verdict, in the order the packet met them. Only an ACL's own
 * flows count: northd gives them priority 1000 + the ACL's (0..32767); its other flows in the ACL stages are not
 * policy decisions (65532: conntrack lets an established connection's reply or related packet through, or drops an
 * invalid one; 34000: DHCP/DNS replies; 0 and 1: what happens when no ACL matches).
 */
public final class AclHits {

    private static final int ACL_FLOW_MIN = 1000, ACL_FLOW_MAX = 1000 + 32767, CONNTRACK_FLOW = 65532;
    private static final Pattern TIER = Pattern.compile("reg8\\[30\\.\\.31] == (\\d+)");

    /**
     * The ACLs one trace shows, and whether conntrack let the packet through as the reply of an established
     * connection before any ACL was evaluated.
     */
    public record Found(List<AclHit> hits, boolean establishedReply) {
        public static final Found NOTHING = new Found(List.of(), false);

        public Found {
            hits = List.copyOf(hits);
        }

        Found plus(Found other) {
            List<AclHit> all = new ArrayList<>(hits);
            all.addAll(other.hits);
            return new Found(all, establishedReply || other.establishedReply);
        }
    }

    private AclHits() {}

    public static Found fromOvnTrace(OvnTrace trace, String node) {
        List<AclHit> hits = new ArrayList<>();
        boolean reply = false;
        for (OvnPipeline p : trace.pipelines())
            for (OvnStage s : p.stages()) {
                Optional<AclStage> acl = AclStage.of(s.name());
                if (acl.isEmpty() || !acl.get().decides()) continue;
                if (s.priority() == CONNTRACK_FLOW && s.match().contains("ct.rpl") && !s.drops()) reply = true;
                if (s.priority() < ACL_FLOW_MIN || s.priority() > ACL_FLOW_MAX) continue;
                hits.add(new AclHit(node, p.ingress() ? "from-lport" : "to-lport", s.name(),
                        AclStage.aclPriority(s.priority()), tier(s.match()), AclStage.aclMatch(s.match()),
                        action(s, acl.get().step()), s.loggedAclName()));
            }
        return new Found(hits, reply);
    }

    /**
     * ovn-detrace annotates an ACL's flow with the ACL itself ({@code ACL: to-lport, priority=1000, match=(...), drop}),
     * so its direction, priority, match and action are the ACL's; its tier is not printed.
     */
    public static Found fromDetrace(Detrace detrace, String node) {
        List<AclHit> hits = new ArrayList<>();
        boolean reply = false;
        for (Detrace.Annotated a : detrace.annotated()) {
            Optional<DetraceAnnotation.LogicalFlow> flow = a.logicalFlow();
            if (flow.isPresent() && flow.get().priority() == CONNTRACK_FLOW && flow.get().match().contains("ct.rpl")
                    && AclStage.of(flow.get().stage()).map(AclStage::decides).orElse(false) && !flow.get().drops())
                reply = true;
            for (DetraceAnnotation.Acl acl : a.all(DetraceAnnotation.Acl.class))
                hits.add(new AclHit(node, acl.direction(), flow.map(DetraceAnnotation.LogicalFlow::stage).orElse(""),
                        acl.priority(), flow.map(f -> tier(f.match())).orElse(-1), acl.match(),
                        AclAction.ofNb(acl.action()).orElse(AclAction.ALLOW), ""));
        }
        return new Found(hits.stream().distinct().toList(), reply);
    }

    static Found concat(List<Found> found) {
        Found all = Found.NOTHING;
        for (Found f : found) all = all.plus(f);
        // a leg may hold two traces of the same switch (upstream's and ovntrace's own): each ACL once
        return new Found(all.hits().stream().distinct().toList(), all.establishedReply());
    }

    private static int tier(String flowMatch) {
        Matcher m = TIER.matcher(flowMatch == null ? "" : flowMatch);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * What the ACL's flow does. OVN 23.03 acts in the flow: {@code drop;} (or marking an established connection
     * blocked), {@code reject}, {@code reg0[1] = 1} to commit (allow-related), else plain {@code next;} (allow). OVN 24+
     * sets a verdict register for the _action stage: {@code reg8[16]} allow, {@code reg8[17]} drop, {@code reg8[18]}
     * reject; an _eval flow that sets none passes to the next tier.
     */
    static AclAction action(OvnStage s, AclStage.Step step) {
        List<String> a = s.actions();
        if (s.drops() || a.stream().anyMatch(x -> x.contains("reg8[17] = 1") || x.contains("ct_mark.blocked = 1")))
            return AclAction.DROP;
        if (a.stream().anyMatch(x -> x.startsWith("reject") || x.contains("reg8[18] = 1"))) return AclAction.REJECT;
        boolean commit = a.stream().anyMatch(x -> x.contains("reg0[1] = 1"));
        if (a.stream().anyMatch(x -> x.contains("reg8[16] = 1")) || step == AclStage.Step.SINGLE)
            return commit ? AclAction.ALLOW_RELATED : AclAction.ALLOW;
        return AclAction.PASS;
    }
}
