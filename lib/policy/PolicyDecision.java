package ovntrace.lib.policy;

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
            case NONE -> "ACL " + (acl.name().isEmpty() ? acl.direction() + " priority " + acl.priority()
                    + " (" + acl.match() + ")" : acl.name());
            default -> kind.label() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
        };
    }
}
