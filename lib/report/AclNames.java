package ovntrace.report;

import java.util.Map;

/**
 * Which Kubernetes policy owns an ACL, from the names and external_ids ovn-kubernetes gives its ACLs:
 * {@code NP:<ns>:<policy>:Ingress:0} (a NetworkPolicy rule), {@code NP:<ns>:Ingress} / {@code NP:<ns>:Egress} (the
 * namespace's default deny), {@code ANP:<name>:...}, {@code BANP:<name>:...}, {@code EF:<ns>:...}; external_ids
 * {@code k8s.ovn.org/owner-type} and {@code k8s.ovn.org/name} say the same and win when present.
 */
final class AclNames {

    private AclNames() {}

    static AclRef describe(String name, String direction, int priority, String match, String action,
                           Map<String, String> externalIds) {
        String[] owner = owner(name, externalIds);
        return new AclRef(name, direction, priority, match, action, owner[0], owner[1], owner[2]);
    }

    /** {kind, namespace, policy name}; all empty when the ACL is not a policy's. */
    static String[] owner(String name, Map<String, String> ids) {
        String type = ids.getOrDefault("k8s.ovn.org/owner-type", ""), owner = ids.getOrDefault("k8s.ovn.org/name", "");
        switch (type) {
            case "NetworkPolicy": {
                int colon = owner.indexOf(':');
                if (colon > 0) return new String[] {"NetworkPolicy", owner.substring(0, colon), owner.substring(colon + 1)};
                break;
            }
            case "NetpolNamespace": return new String[] {"NetworkPolicy", owner, ""};
            case "AdminNetworkPolicy": return new String[] {"AdminNetworkPolicy", "", owner};
            case "BaselineAdminNetworkPolicy": return new String[] {"BaselineAdminNetworkPolicy", "", owner};
            case "EgressFirewall": return new String[] {"EgressFirewall", owner, ""};
            default: break;
        }
        String[] p = name == null ? new String[0] : name.split(":");
        if (p.length >= 3 && p[0].equals("NP")) {
            boolean namespaceWide = p.length == 3 && (p[2].equals("Ingress") || p[2].equals("Egress")
                    || p[2].endsWith("allowPolicy"));
            return new String[] {"NetworkPolicy", p[1], namespaceWide ? "" : p[2]};
        }
        if (p.length >= 2 && p[0].equals("ANP")) return new String[] {"AdminNetworkPolicy", "", p[1]};
        if (p.length >= 2 && p[0].equals("BANP")) return new String[] {"BaselineAdminNetworkPolicy", "", p[1]};
        if (p.length >= 2 && p[0].equals("EF")) return new String[] {"EgressFirewall", p[1], ""};
        return new String[] {"", "", ""};
    }
}
