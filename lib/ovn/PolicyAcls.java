package ovntrace.ovn;

import static ovntrace.ovn.AclWriter.ordered;

import java.util.List;
import java.util.Map;
import ovntrace.ovn.AclWriter.Acl;
import ovntrace.ovn.AclWriter.Direction;
import ovntrace.topology.NamespaceSpec;
import ovntrace.topology.Topology;

/**
 * A zone's policy rows, as ovn-kubernetes writes them: a namespace address set per namespace, the cluster port
 * group and each node's allow-from-management-port ACL, then NetworkPolicies ({@link NetworkPolicyAcls}),
 * EgressFirewalls ({@link EgressFirewallAcls}) and, when the NB schema has ACL tiers (OVN 23.06 and later),
 * AdminNetworkPolicies and the BaselineAdminNetworkPolicy ({@link AdminPolicyAcls}). Without tiers there is no way
 * to express them (no tiers, no {@code pass} action), so they get no rows at all: such an OVN enforces none of them.
 * Port groups hold only the zone's own pods; address sets hold every pod of the cluster. See {@link OvnNames} for the
 * names and external_ids that identify the policy behind an ACL.
 */
public final class PolicyAcls {

    private static final int ALLOW_FROM_NODE_PRIORITY = 1001;

    private PolicyAcls() {}

    /** The default-deny port group of a namespace and direction ({@code Ingress}/{@code Egress}). */
    public static String defaultDenyPortGroup(String namespace, String direction) {
        return OvnNames.hashedName("NetpolNamespace", ordered("k8s.ovn.org/name", namespace, "direction", direction));
    }

    public static String policyPortGroup(String namespace, String policy) {
        return OvnNames.hashedName("NetworkPolicy", ordered("k8s.ovn.org/name", namespace + ":" + policy));
    }

    public static String namespaceAddressSet(String namespace) {
        return OvnNames.hashedName("Namespace", ordered("k8s.ovn.org/name", namespace, "ip-family", "v4"));
    }

    /** The namespace's IPv6 address set (dual-stack): the same ids with {@code ip-family=v6}. */
    public static String namespaceAddressSet6(String namespace) {
        return OvnNames.hashedName("Namespace", ordered("k8s.ovn.org/name", namespace, "ip-family", "v6"));
    }

    /** The namespace's port group (all its pods in the zone), which EgressFirewall ACLs hang on. */
    public static String namespacePortGroup(String namespace) {
        return OvnNames.hashedName("Namespace", ordered("k8s.ovn.org/name", namespace));
    }

    static List<NbTxn> forZone(Topology topology, Zone zone, OvnVersion version) {
        AclWriter w = new AclWriter(zone, version.aclTiers());
        NbTxn base = new NbTxn("address sets and port groups in " + zone.name());
        for (NamespaceSpec ns : topology.namespaces()) {
            if (topology.hasIpv4()) {
                w.addressSet(base, namespaceAddressSet(ns.name()),
                        topology.ovnPods().stream().filter(p -> p.namespace().equals(ns.name())).toList(), "Namespace",
                        ordered("k8s.ovn.org/name", ns.name(), "ip-family", "v4"));
            }
            if (topology.hasIpv6()) {
                w.addressSet(base, namespaceAddressSet6(ns.name()),
                        topology.ovnPods().stream().filter(p -> p.namespace().equals(ns.name())).toList(), "Namespace",
                        ordered("k8s.ovn.org/name", ns.name(), "ip-family", "v6"));
            }
        }
        w.portGroup(base, OvnNames.CLUSTER_PORT_GROUP, topology.ovnPods(), "Cluster",
                ordered("k8s.ovn.org/name", OvnNames.CLUSTER_PORT_GROUP));
        zone.nodes().forEach(n -> {
            if (topology.hasIpv4()) {
                Map<String, String> ids = ordered("k8s.ovn.org/name", n.name(), "ip", n.managementIp());
                String acl = w.create(base, "", new Acl(Direction.INGRESS, ALLOW_FROM_NODE_PRIORITY,
                        "ip4.src==" + n.managementIp(), "allow-related"), "NetpolNode", ids);
                base.add("add", "logical_switch", n.name(), "acls", acl);
            }
            if (topology.hasIpv6()) {
                // One ACL per management port address, as ovn-kubernetes adds one per family.
                String acl6 = w.create(base, "", new Acl(Direction.INGRESS, ALLOW_FROM_NODE_PRIORITY,
                        "ip6.src==" + n.managementIp6(), "allow-related"), "NetpolNode",
                        ordered("k8s.ovn.org/name", n.name(), "ip", n.managementIp6()));
                base.add("add", "logical_switch", n.name(), "acls", acl6);
            }
        });
        NbTxn policies = new NbTxn("network policies in " + zone.name());
        NetworkPolicyAcls.write(policies, w, topology);
        NbTxn firewalls = new NbTxn("egress firewalls in " + zone.name());
        EgressFirewallAcls.write(firewalls, w, topology);
        NbTxn admin = new NbTxn("admin network policies in " + zone.name());
        if (w.tiers()) {
            AdminPolicyAcls.write(admin, w, topology);
        }
        return List.of(base, policies, firewalls, admin);
    }
}
