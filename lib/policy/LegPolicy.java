package ovntrace.lib.policy;

import java.util.List;

/**
 * Why policy let one leg's packet through or not, the report's {@code "policy"} object: the {@code outcome}, one
 * sentence saying it ({@code explanation}), every policy ACL that decided, in evaluation order (an AdminNetworkPolicy
 * Pass, then what decided after it), and for a default-deny drop the NetworkPolicies that isolate the pod in that
 * direction. It explains the verdict the trace engine gave; it never changes it.
 */
public record LegPolicy(PolicyOutcome outcome, String explanation, List<PolicyDecision> decisions,
                        List<PolicyRef> isolatedBy) {

    /** Said only of where the trace went: a packet dropped before the ACL stages met no ACL either. */
    public static final String NO_ACL = "no policy ACL decided where the packet went";
    public static final LegPolicy NONE = new LegPolicy(PolicyOutcome.NONE, NO_ACL, List.of(), List.of());

    public LegPolicy {
        decisions = List.copyOf(decisions);
        isolatedBy = List.copyOf(isolatedBy);
    }

    /** The decision that settled it: the last one (a Pass only hands on). */
    public PolicyDecision deciding() {
        return decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
    }
}
