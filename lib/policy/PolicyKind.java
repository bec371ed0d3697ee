package ovntrace.lib.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The Kubernetes object that owns an ACL, as ovn-kubernetes says in {@code k8s.ovn.org/owner-type} (the default deny
 * of a namespace is owned by {@code NetpolNamespace}: no single NetworkPolicy owns it). {@link #NONE} is an ACL that is
 * not a policy's (the node's management port allow, an ACL someone added by hand).
 */
public enum PolicyKind {
    NETWORK_POLICY("NetworkPolicy", "NetworkPolicy", "NP"),
    NETWORK_POLICY_DEFAULT_DENY("NetworkPolicyDefaultDeny", "NetpolNamespace", "NP"),
    ADMIN_NETWORK_POLICY("AdminNetworkPolicy", "AdminNetworkPolicy", "ANP"),
    BASELINE_ADMIN_NETWORK_POLICY("BaselineAdminNetworkPolicy", "BaselineAdminNetworkPolicy", "BANP"),
    EGRESS_FIREWALL("EgressFirewall", "EgressFirewall", "EF"),
    /**
     * Not a policy: the isolation of pods whose primary network is a user-defined network (ovn-kubernetes
     * {@code pkg/ovn/udn_isolation.go}): ACLs owned by {@code UDNIsolation} on the port group {@code SecondaryPods},
     * no name, {@code k8s.ovn.org/name} DenySecondary, AllowHostARPSecondary or AllowHostSecondary.
     */
    UDN_ISOLATION("UDN isolation", "UDNIsolation", ""),
    NONE("", "", "");

    private final String label, ownerType, namePrefix;

    PolicyKind(String label, String ownerType, String namePrefix) {
        this.label = label;
        this.ownerType = ownerType;
        this.namePrefix = namePrefix;
    }

    /** As the report writes it: {@code NetworkPolicy}, {@code AdminNetworkPolicy} ... */
    @JsonValue
    public String label() {
        return label;
    }

    String ownerType() {
        return ownerType;
    }

    String namePrefix() {
        return namePrefix;
    }

    /** Whether the owner is a namespaced object: its name reads {@code ns/name}. */
    public boolean namespaced() {
        return this == NETWORK_POLICY || this == EGRESS_FIREWALL || this == NETWORK_POLICY_DEFAULT_DENY;
    }

    @JsonCreator
    public static PolicyKind of(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst().orElse(NONE);
    }
}
