package ovntrace.lib.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

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

    /** What policy did to a leg's packet: an ACL dropped it, ACLs allowed it, or no policy ACL decided. */
    public enum PolicyOutcome {
        DENIED,
        ALLOWED,
        NONE;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static PolicyOutcome of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One policy ACL that decided about a leg's packet, named by its owner: which policy ({@code kind},
     * {@code namespace}, {@code name}), which of its rules ({@code direction}, {@code rule} index, the rule's
     * {@code ruleName} for AdminNetworkPolicies, the rule's {@code protocol}, the peer {@code ipBlock} index or -1, whether
     * the port was a {@code namedPort}), what it did ({@code action}), the ACL itself, and the owning rule as YAML read
     * from the API ({@code yaml}, empty when it could not be read).
     */
    public record PolicyDecision(PolicyKind kind, String namespace, String name, Direction direction, int rule,
                                 String ruleName, PolicyAction action, String protocol, int ipBlock, boolean namedPort,
                                 AclInfo acl, String yaml) {

        /** {@code AdminNetworkPolicy deny-dev-to-db}, {@code NetworkPolicy shop/api-ingress}, or the ACL when unowned. */
        public String owner() {
            return switch (kind) {
                case NETWORK_POLICY_DEFAULT_DENY -> "default deny of namespace " + namespace;
                case UDN_ISOLATION -> kind.label() + " (ACL " + name + ")";
                case NONE -> "ACL " + (acl.name().isEmpty() ? acl.direction() + " priority " + acl.priority()
                        + " (" + acl.match() + ")" : acl.name());
                default -> kind.label() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
            };
        }
    }

    /** A NetworkPolicy by namespace and name. */
    public record PolicyRef(String namespace, String name) {

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * The Northbound ACL behind a decision, as the report shows it: its row's name, direction, priority, match and
     * action when the row was found, else what the trace showed. {@code tier} is -1 when there is none (OVN 23.03).
     */
    public record AclInfo(String name, String direction, int priority, int tier, String match, String action) {}
}
