package ovntrace.lib.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.parse.AclStage;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;

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

    /**
     * The ACLs that decided about one leg, in evaluation order: from its ovn-trace steps (the sender's switch first, then,
     * in an interconnect cluster, the receiving node's), which show every flow; from its ovn-detrace steps only when no
     * ovn-trace output is there, as ovn-detrace follows OpenFlow and annotates only the flows it went through.
     */
    static Found ofLeg(LegResult leg) {
        List<StepResult> traces = withOutput(leg, Tool.OVN_TRACE);
        if (!traces.isEmpty())
            return concat(traces.stream().map(s -> fromOvnTrace(OvnTraceParser.parse(s.exec().stdout()),
                    node(s))).toList());
        return concat(withOutput(leg, Tool.OVN_DETRACE).stream()
                .map(s -> fromDetrace(DetraceParser.parse(s.exec().stdout()), node(s))).toList());
    }

    /** Whether any step of the run shows a policy ACL deciding on {@code node}: then its Northbound ACLs are read. */
    static boolean decidesOn(StepResult s) {
        if (s.exec() == null || s.exec().stdout() == null || s.exec().stdout().isBlank()) return false;
        if (s.tool() == Tool.OVN_TRACE) return !fromOvnTrace(OvnTraceParser.parse(s.exec().stdout()), node(s)).hits().isEmpty();
        if (s.tool() == Tool.OVN_DETRACE) return !fromDetrace(DetraceParser.parse(s.exec().stdout()), node(s)).hits().isEmpty();
        return false;
    }

    private static List<StepResult> withOutput(LegResult leg, Tool tool) {
        return leg.steps().stream().filter(s -> s.tool() == tool && s.exec() != null && s.exec().stdout() != null
                && !s.exec().stdout().isBlank()).toList();
    }

    private static String node(StepResult s) {
        return s.where() == null || s.where().node() == null ? "" : s.where().node();
    }

    /**
     * One ACL whose verdict a trace shows, as the trace shows it: the logical flow northd made of the ACL (its priority
     * is the ACL's plus 1000, its match the ACL's wrapped in register tests, and on OVN 24+ a tier test
     * {@code reg8[30..31] == N}).
     *
     * @param node the node whose trace showed it (its Northbound holds the ACL row in an interconnect cluster)
     * @param direction {@code from-lport} (the logical switch's ingress pipeline) or {@code to-lport} (its egress one)
     * @param stage the logical flow's stage, e.g. {@code ls_out_acl_eval}
     * @param tier the ACL's tier from the flow's tier test, -1 when the flow has none (OVN 23.03, or no tiers in use)
     * @param action the action the flow carries out; the Northbound row's, when found, is the ACL's own
     * @param loggedName the name a logging ACL prints ({@code log(name="...")}), else empty
     */
    public record AclHit(String node, String direction, String stage, int priority, int tier, String match,
                         AclAction action, String loggedName) {

        /** "to-lport ACL priority 1000 (outport == @a1)", for when nothing names it. */
        public String describe() {
            return direction + " ACL priority " + priority + (tier >= 0 ? " tier " + tier : "") + " (" + match + ")";
        }
    }
}
