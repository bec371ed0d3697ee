package ovntrace.report;

import java.util.Map;
import ovntrace.lib.policy.PolicyKind;
import ovntrace.lib.policy.PolicyOwner;

/**
 * The ACL behind a drop. {@code name} is the ACL's name when it is known (ovn-trace prints it only for logging ACLs;
 * the Northbound rows give it otherwise); {@code direction} is {@code from-lport} or {@code to-lport}. The policy
 * fields come from ovn-kubernetes' ACL naming and external_ids: {@code policyKind} is {@code NetworkPolicy},
 * {@code AdminNetworkPolicy}, {@code BaselineAdminNetworkPolicy}, {@code EgressFirewall} or empty;
 * {@code policyName} is empty for a namespace's default deny, which no single policy owns.
 */
public record AclRef(String name, String direction, int priority, String match, String action, String policyKind,
                     String policyNamespace, String policyName) {

    /** The ACL as a Northbound row or a trace shows it, its policy named by {@link PolicyOwner}, their one owner. */
    static AclRef of(String name, String direction, int priority, String match, String action, Map<String, String> ids) {
        PolicyOwner o = PolicyOwner.of(name, direction, ids);
        // a namespace's default deny has always read "NetworkPolicy <ns> (default deny)" here
        String kind = o.kind() == PolicyKind.NETWORK_POLICY_DEFAULT_DENY ? PolicyKind.NETWORK_POLICY.label() : o.kind().label();
        return new AclRef(name, direction, priority, match, action, kind, o.namespace(), o.name());
    }

    /** {@code ns/name}, {@code ns (default deny)}, the bare name, or empty. */
    public String policy() {
        if (policyKind.isEmpty()) return "";
        if (policyNamespace.isEmpty()) return policyName;
        return policyName.isEmpty() ? policyNamespace + " (default deny)" : policyNamespace + "/" + policyName;
    }
}
