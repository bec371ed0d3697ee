package ovntrace.lib.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ovntrace.lib.policy.LegPolicy.PolicyDecision;
import ovntrace.lib.policy.LegPolicy.PolicyOutcome;
import ovntrace.lib.policy.LegPolicy.PolicyRef;
import ovntrace.lib.policy.PolicyObjects.Kind;
import ovntrace.lib.policy.PolicyObjects.Ref;

/**
 * Says why policy let a leg's packet through or not, from the ACLs that decided (in evaluation order), the policy
 * objects read for them, and the pods at the leg's ends. Pure: what to read is {@link #wanted}, reading is elsewhere.
 */
final class Explainer {

    static final String REPLY = "allowed: reply of an established connection, no ACL evaluated";

    private Explainer() {}

    /** The objects an explanation of these ACLs quotes: the owning policies, and for a default deny the pod's. */
    static Set<Ref> wanted(List<OwnedAcl> acls, LegEnds ends) {
        Set<Ref> refs = new LinkedHashSet<>();
        for (OwnedAcl a : acls) {
            PolicyOwner o = a.owner();
            switch (o.kind()) {
                case NETWORK_POLICY -> refs.add(new Ref(Kind.NETWORK_POLICY, o.namespace(), o.name()));
                case ADMIN_NETWORK_POLICY -> refs.add(new Ref(Kind.ADMIN_NETWORK_POLICY, "", o.name()));
                case BASELINE_ADMIN_NETWORK_POLICY -> refs.add(new Ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, "", o.name()));
                case EGRESS_FIREWALL -> refs.add(new Ref(Kind.EGRESS_FIREWALL, o.namespace(), o.name()));
                case NETWORK_POLICY_DEFAULT_DENY -> {
                    PolicyRef pod = ends.isolated(o.direction(), o.namespace());
                    if (pod != null && a.action().effect() == PolicyAction.DENY) {
                        refs.add(new Ref(Kind.POD, pod.namespace(), pod.name()));
                        refs.add(new Ref(Kind.NETWORK_POLICIES_IN_NAMESPACE, pod.namespace(), ""));
                    }
                }
                case UDN_ISOLATION, NONE -> { }
            }
        }
        return refs;
    }

    static LegPolicy explain(List<OwnedAcl> acls, boolean establishedReply, PolicyObjects objects, LegEnds ends) {
        List<OwnedAcl> deciding = acls.stream().filter(a -> !a.owner().type().equals("arpAllow")).toList();
        if (deciding.isEmpty())
            return establishedReply ? new LegPolicy(PolicyOutcome.NONE, REPLY, List.of(), List.of()) : LegPolicy.NONE;
        List<PolicyDecision> decisions = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        List<PolicyRef> isolatedBy = new ArrayList<>();
        for (OwnedAcl a : deciding) {
            Said said = say(a, objects, ends);
            decisions.add(said.decision());
            sentences.add(said.sentence());
            isolatedBy.addAll(said.isolatedBy());
        }
        boolean denied = decisions.stream().anyMatch(d -> d.action() == PolicyAction.DENY);
        boolean allowed = decisions.stream().anyMatch(d -> d.action() == PolicyAction.ALLOW);
        if (!denied && !allowed) sentences.add("no NetworkPolicy or BaselineAdminNetworkPolicy decided after it: allowed by default");
        PolicyOutcome outcome = denied ? PolicyOutcome.DENIED : allowed ? PolicyOutcome.ALLOWED : PolicyOutcome.NONE;
        return new LegPolicy(outcome, String.join("; then ", sentences), decisions, isolatedBy);
    }

    private record Said(PolicyDecision decision, String sentence, List<PolicyRef> isolatedBy) {}

    private static Said say(OwnedAcl a, PolicyObjects objects, LegEnds ends) {
        PolicyOwner o = a.owner();
        PolicyAction action = a.action().effect();
        Optional<Ref> ref = switch (o.kind()) {
            case NETWORK_POLICY -> Optional.of(new Ref(Kind.NETWORK_POLICY, o.namespace(), o.name()));
            case ADMIN_NETWORK_POLICY -> Optional.of(new Ref(Kind.ADMIN_NETWORK_POLICY, "", o.name()));
            case BASELINE_ADMIN_NETWORK_POLICY -> Optional.of(new Ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, "", o.name()));
            case EGRESS_FIREWALL -> Optional.of(new Ref(Kind.EGRESS_FIREWALL, o.namespace(), o.name()));
            default -> Optional.empty();
        };
        Optional<Map<String, Object>> policy = ref.flatMap(objects::one);
        Optional<Map<String, Object>> rule = policy.flatMap(p -> Rules.rule(p, o.direction(), o.rule()));
        String ruleName = rule.map(r -> Trees.text(r, "name")).orElse("");
        Optional<String> named = o.kind() == PolicyKind.NETWORK_POLICY
                ? rule.flatMap(r -> Rules.namedPort(r, o.protocol())) : Optional.empty();
        boolean namedPort = o.namedPort() || named.isPresent();
        PolicyDecision decision = new PolicyDecision(o.kind(), o.namespace(), o.name(), o.direction(), o.rule(),
                ruleName, action, o.protocol(), o.ipBlock(), namedPort, a.info(), rule.map(Rules::yaml).orElse(""));

        StringBuilder s = new StringBuilder(action.past()).append(": ");
        List<PolicyRef> isolatedBy = List.of();
        String gress = o.direction().field();
        switch (o.kind()) {
            case NETWORK_POLICY_DEFAULT_DENY -> {
                s.append("default deny of namespace ").append(o.namespace()).append(" for ").append(gress);
                PolicyRef pod = ends.isolated(o.direction(), o.namespace());
                Ref list = pod == null ? null : new Ref(Kind.NETWORK_POLICIES_IN_NAMESPACE, pod.namespace(), "");
                Optional<Map<String, Object>> podObject = pod == null ? Optional.empty()
                        : objects.one(new Ref(Kind.POD, pod.namespace(), pod.name()));
                if (action == PolicyAction.DENY && list != null && podObject.isPresent()
                        && objects.get(list).map(f -> f.error().isEmpty()).orElse(false)) {
                    isolatedBy = Selectors.isolating(objects.get(list).get().items(), Trees.labels(podObject.get()), o.direction());
                    s.append(": ").append(pod).append(" is isolated by ")
                            .append(isolatedBy.isEmpty() ? "no NetworkPolicy any more (the policies changed since?)"
                                    : (isolatedBy.size() == 1 ? "NetworkPolicy " : "NetworkPolicies ")
                                    + String.join(", ", isolatedBy.stream().map(PolicyRef::toString).toList()))
                            .append(" and none of ").append(isolatedBy.size() == 1 ? "its " : "their ").append(gress)
                            .append(" rules matches ").append(ends.peerAndPort(o.direction()));
                } else if (action == PolicyAction.DENY && pod != null && objects.get(list).isPresent()) {
                    Ref podRef = new Ref(Kind.POD, pod.namespace(), pod.name());
                    boolean listed = objects.get(list).get().error().isEmpty();
                    s.append(" (").append(listed ? "the pod " + pod : "the NetworkPolicies isolating " + pod)
                            .append(" could not be read: ").append(objects.missing(listed ? podRef : list)).append(")");
                }
            }
            case NONE -> s.append(decision.owner()).append(", which no policy owns");
            case UDN_ISOLATION -> s.append(decision.owner()).append(action == PolicyAction.DENY
                    ? ": the pod's primary network is a user-defined network; its default-network port (port group SecondaryPods)"
                    + " takes only ARP and the node's kubelet probes (ovn-kubernetes pkg/ovn/udn_isolation.go)" : "");
            default -> {
                s.append(decision.owner());
                if (o.rule() >= 0) s.append(", ").append(gress).append(" rule ").append(o.rule());
                if (!ruleName.isEmpty()) s.append(" \"").append(ruleName).append('"');
                if (rule.isPresent()) s.append(" (").append(Rules.summary(o.kind(), rule.get(), o.direction())).append(')');
                else if (ref.isPresent() && objects.get(ref.get()).isPresent()) s.append(" (could not read the ").append(o.kind().label()).append(": ")
                        .append(objects.missing(ref.get())).append(')');
                if (o.ipBlock() >= 0) s.append(", ipBlock ").append(o.ipBlock()).append(rule
                        .flatMap(r -> Rules.ipBlock(r, o.direction(), o.ipBlock()))
                        .map(b -> " " + Trees.text(b, "cidr")).orElse(""));
                String priority = policy.map(p -> Trees.text(Trees.map(p, "spec"), "priority")).orElse("");
                if (o.kind() == PolicyKind.ADMIN_NETWORK_POLICY && !priority.isEmpty()) s.append(", priority ").append(priority);
                if (named.isPresent()) s.append("; named port ").append(named.get())
                        .append(" is not resolved by ovn-kubernetes: the rule allows every ")
                        .append(o.protocol().isEmpty() ? "" : o.protocol().toUpperCase(java.util.Locale.ROOT) + " ").append("port");
                if (action == PolicyAction.PASS) s.append(": evaluation continued to NetworkPolicy and BaselineAdminNetworkPolicy");
            }
        }
        return new Said(decision, s.toString(), isolatedBy);
    }
}
