package ovntrace.lib.policy;

import java.util.Map;

/**
 * Which policy, and which rule of it, an ACL was written for: read from the external_ids ovn-kubernetes gives every
 * ACL ({@code k8s.ovn.org/owner-type}, {@code k8s.ovn.org/name}, {@code direction}, {@code gress-index},
 * {@code port-policy-protocol}, {@code ip-block-index}, {@code rule-index}, {@code type}), else from its name
 * ({@code NP:<ns>:<policy>:Ingress:0}, {@code NP:<ns>:Ingress}, {@code ANP:<anp>:Egress:1}, {@code BANP:...},
 * {@code EF:<ns>:<rule>}; names are cropped to 63 characters, so the external_ids win).
 *
 * @param name the policy's name; empty for a namespace's default deny; {@code default} for an EgressFirewall
 * @param rule the index of the rule in the policy's ingress or egress list (an EgressFirewall's egress list), -1
 *             when not known (a default deny has none)
 * @param protocol {@code tcp}, {@code udp}, {@code sctp}, or empty (ovn-kubernetes' {@code None}: no ports)
 * @param ipBlock the index of the peer ipBlock the ACL matches, -1 for selector peers or when unknown
 * @param namedPort the rule names its port ({@code tcp-namedPort} on AdminNetworkPolicy ACLs); for a NetworkPolicy
 *                  it is known only from the policy object, see {@link NamedPorts}
 * @param type the default deny's {@code defaultDeny} or {@code arpAllow}, else empty
 */
public record PolicyOwner(PolicyKind kind, String namespace, String name, Direction direction, int rule,
                          String protocol, int ipBlock, boolean namedPort, String type) {

    public static final PolicyOwner NONE = new PolicyOwner(PolicyKind.NONE, "", "", Direction.INGRESS, -1, "", -1,
            false, "");

    static final String OWNER_TYPE = "k8s.ovn.org/owner-type", OWNER_NAME = "k8s.ovn.org/name";

    /** {@code aclDirection} ({@code to-lport}/{@code from-lport}) gives the direction when neither ids nor name do. */
    public static PolicyOwner of(String aclName, String aclDirection, Map<String, String> ids) {
        PolicyOwner byIds = fromIds(ids, Direction.ofAcl(aclDirection));
        return byIds.kind() != PolicyKind.NONE ? byIds : fromName(aclName == null ? "" : aclName, Direction.ofAcl(aclDirection));
    }

    private static PolicyOwner fromIds(Map<String, String> ids, Direction fallback) {
        String type = ids.getOrDefault(OWNER_TYPE, ""), owner = ids.getOrDefault(OWNER_NAME, "");
        Direction direction = Direction.of(ids.get("direction"), fallback);
        String protocolKey = ids.getOrDefault("port-policy-protocol", "");
        boolean named = protocolKey.endsWith("-namedPort");
        String protocol = protocolKey.equals("None") ? "" : protocolKey.replace("-namedPort", "");
        int gress = number(ids.get("gress-index")), ipBlock = number(ids.get("ip-block-index"));
        switch (type) {
            case "NetworkPolicy": {
                int colon = owner.indexOf(':');
                if (colon <= 0) break;
                return new PolicyOwner(PolicyKind.NETWORK_POLICY, owner.substring(0, colon), owner.substring(colon + 1),
                        direction, gress, protocol, ipBlock, named, "");
            }
            case "NetpolNamespace":
                return new PolicyOwner(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, owner, "", direction, -1, "", -1, false,
                        ids.getOrDefault("type", ""));
            case "AdminNetworkPolicy":
                return new PolicyOwner(PolicyKind.ADMIN_NETWORK_POLICY, "", owner, direction, gress, protocol, -1, named, "");
            case "BaselineAdminNetworkPolicy":
                return new PolicyOwner(PolicyKind.BASELINE_ADMIN_NETWORK_POLICY, "", owner, direction, gress, protocol,
                        -1, named, "");
            case "UDNIsolation":
                return new PolicyOwner(PolicyKind.UDN_ISOLATION, "", owner, direction, -1, "", -1, false, "");
            case "EgressFirewall":
                return new PolicyOwner(PolicyKind.EGRESS_FIREWALL, owner, "default", Direction.EGRESS,
                        number(ids.get("rule-index")), "", -1, false, "");
            default:
                break;
        }
        return NONE;
    }

    private static PolicyOwner fromName(String aclName, Direction fallback) {
        String[] p = aclName.split(":");
        if (p.length >= 3 && p[0].equals("NP")) {
            if (p.length == 3 && (p[2].equals("Ingress") || p[2].equals("Egress")))
                return new PolicyOwner(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, p[1], "", Direction.of(p[2], fallback),
                        -1, "", -1, false, "");
            if (p.length == 3) // NP:<ns>:ARPallowPolicy and friends: the namespace's, no single policy's
                return new PolicyOwner(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, p[1], "", fallback, -1, "", -1, false, "");
            Direction d = p.length > 3 ? Direction.of(p[3], fallback) : fallback;
            return new PolicyOwner(PolicyKind.NETWORK_POLICY, p[1], p[2], d, p.length > 4 ? number(p[4]) : -1, "", -1,
                    false, "");
        }
        if (p.length >= 2 && (p[0].equals("ANP") || p[0].equals("BANP"))) {
            PolicyKind kind = p[0].equals("ANP") ? PolicyKind.ADMIN_NETWORK_POLICY : PolicyKind.BASELINE_ADMIN_NETWORK_POLICY;
            return new PolicyOwner(kind, "", p[1], p.length > 2 ? Direction.of(p[2], fallback) : fallback,
                    p.length > 3 ? number(p[3]) : -1, "", -1, false, "");
        }
        if (p.length >= 2 && p[0].equals("EF"))
            return new PolicyOwner(PolicyKind.EGRESS_FIREWALL, p[1], "default", Direction.EGRESS,
                    p.length > 2 ? number(p[2]) : -1, "", -1, false, "");
        return NONE;
    }

    /** {@code shop/api-ingress}, {@code deny-dev-to-db}, {@code shop (default deny)}, or empty. */
    public String display() {
        if (kind == PolicyKind.NONE) return "";
        if (kind == PolicyKind.NETWORK_POLICY_DEFAULT_DENY) return namespace + " (default deny)";
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** A default deny's ARP/ND allow is housekeeping, not a decision about this traffic. */
    public boolean isPolicy() {
        return kind != PolicyKind.NONE && !type.equals("arpAllow");
    }

    private static int number(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
