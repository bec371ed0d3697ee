package ovntrace.ovn;

import static ovntrace.ovn.AclWriter.ordered;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ovntrace.ovn.AclWriter.Acl;
import ovntrace.ovn.AclWriter.Direction;
import ovntrace.topology.PodSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.Topology;

/**
 * NetworkPolicies as ovn-kubernetes renders them (gress_policy.go): per namespace with policies a default-deny
 * port group per direction (a drop ACL at 1000 and an ARP/ND allow at 1001); per policy a port group of the pods
 * it selects, and per rule and protocol one allow-related ACL at 1001 for its selector peers (their address sets)
 * plus one per ipBlock ({@code ip4.src == CIDR && ip4.src != {except}}), or one for every address when the rule
 * has no peers.
 */
final class NetworkPolicyAcls {

    private static final int DEFAULT_DENY_PRIORITY = 1000;
    private static final int ALLOW_PRIORITY = 1001;

    private NetworkPolicyAcls() {}

    static void write(NbTxn t, AclWriter w, Topology topology) {
        Set<String> namespaces = topology.policies().stream().map(PolicySpec::namespace)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String ns : namespaces) {
            for (Direction direction : Direction.values()) {
                defaultDeny(t, w, topology, ns, direction);
            }
            t.endPart();
        }
        for (PolicySpec p : topology.policies()) {
            policy(t, w, topology, p);
            t.endPart();   // a policy's ACLs refer only to its own rows: a large cluster's are applied in several goes
        }
    }

    static String gress(Direction d) {
        return d == Direction.INGRESS ? "Ingress" : "Egress";
    }

    /** {@code outport == @pg} for ingress (the pod receives), {@code inport == @pg} for egress. */
    static String lport(Direction d, String portGroup) {
        return (d == Direction.INGRESS ? "outport == @" : "inport == @") + portGroup;
    }

    private static void defaultDeny(NbTxn t, AclWriter w, Topology topology, String ns, Direction direction) {
        List<PolicySpec> typed = topology.policies().stream().filter(p -> p.namespace().equals(ns)
                && (direction == Direction.INGRESS ? p.ingress() : p.egress())).toList();
        if (typed.isEmpty()) {
            return;
        }
        Set<PodSpec> selected = new LinkedHashSet<>();
        typed.forEach(p -> selected.addAll(topology.podsSelected(ns, p.podSelector())));
        String gress = gress(direction);
        String pg = PolicyAcls.defaultDenyPortGroup(ns, gress);
        w.portGroup(t, pg, List.copyOf(selected), "NetpolNamespace", ordered("k8s.ovn.org/name", ns, "direction", gress));
        String lport = lport(direction, pg);
        w.acl(t, "NP:" + ns + ":" + gress, new Acl(direction, DEFAULT_DENY_PRIORITY, lport, "drop"), "NetpolNamespace",
                ordered("k8s.ovn.org/name", ns, "direction", gress, "type", "defaultDeny"), pg);
        w.acl(t, "NP:" + ns + ":" + gress, new Acl(direction, ALLOW_PRIORITY, lport + " && (arp || nd)", "allow"),
                "NetpolNamespace", ordered("k8s.ovn.org/name", ns, "direction", gress, "type", "arpAllow"), pg);
    }

    private static void policy(NbTxn t, AclWriter w, Topology topology, PolicySpec p) {
        String pg = PolicyAcls.policyPortGroup(p.namespace(), p.name());
        w.portGroup(t, pg, topology.podsSelected(p.namespace(), p.podSelector()), "NetworkPolicy",
                ordered("k8s.ovn.org/name", p.namespace() + ":" + p.name()));
        for (Direction direction : Direction.values()) {
            List<PolicySpec.Rule> rules = direction == Direction.INGRESS ? p.ingressRules() : p.egressRules();
            String dir = direction == Direction.INGRESS ? "src" : "dst";
            for (int idx = 0; idx < rules.size(); idx++) {
                PolicySpec.Rule rule = rules.get(idx);
                String name = "NP:" + p.namespace() + ":" + p.name() + ":" + gress(direction) + ":" + idx;
                boolean selectors = !rule.selectorPeers().isEmpty();
                // gress_policy.go constructEmptyMatchString: every address of the cluster's families.
                String any = topology.dualStack() ? "(ip4 || ip6)" : topology.hasIpv4() ? "ip4" : "ip6";
                String l3 = rule.peers().isEmpty() ? any : selectors ? peersMatch(t, w, topology, p, rule, dir) : null;
                for (Map.Entry<String, String> l4 : L4Matches.of(rule.ports()).entrySet()) {
                    List<PolicySpec.IpBlock> blocks = rule.ipBlocks();
                    for (int b = 0; b < blocks.size(); b++) {
                        String match = L4Matches.join(ipBlockMatch(blocks.get(b), dir), l4.getValue(), lport(direction, pg));
                        w.acl(t, name, new Acl(direction, ALLOW_PRIORITY, match, "allow-related"), "NetworkPolicy",
                                ruleKeys(p, direction, idx, l4.getKey(), b), pg);
                    }
                    if (l3 != null) {
                        String match = L4Matches.join(l3, l4.getValue(), lport(direction, pg));
                        w.acl(t, name, new Acl(direction, ALLOW_PRIORITY, match, "allow-related"), "NetworkPolicy",
                                ruleKeys(p, direction, idx, l4.getKey(), -1), pg);
                    }
                }
            }
        }
    }

    private static Map<String, String> ruleKeys(PolicySpec p, Direction d, int idx, String protocol, int ipBlock) {
        return ordered("k8s.ovn.org/name", p.namespace() + ":" + p.name(), "direction", gress(d),
                "gress-index", Integer.toString(idx), "port-policy-protocol", protocol,
                "ip-block-index", Integer.toString(ipBlock));
    }

    /** {@code ip4.src == 10.244.0.0/16 && ip4.src != {10.244.2.0/24}}, as getMatchFromIPBlock writes it. */
    private static String ipBlockMatch(PolicySpec.IpBlock block, String dir) {
        String match = "ip4." + dir + " == " + block.cidr();
        return block.except().isEmpty() ? match : match + " && ip4." + dir + " != {"
                + block.except().stream().map(Object::toString).collect(Collectors.joining(", ")) + "}";
    }

    /** {@code ip4.src == {$a1, $a2}}: namespace address sets, or a pod-selector address set per podSelector peer. */
    private static String peersMatch(NbTxn t, AclWriter w, Topology topology, PolicySpec p, PolicySpec.Rule rule,
                                     String dir) {
        Set<String> sets = new TreeSet<>(), sets6 = new TreeSet<>();
        boolean v4 = topology.hasIpv4(), v6 = topology.hasIpv6();
        for (PolicySpec.Selectors peer : rule.selectorPeers()) {
            if (peer.podSelector() == null) {
                topology.namespacesSelected(peer.namespaceSelector()).forEach(ns -> {
                    if (v4) {
                        sets.add("$" + PolicyAcls.namespaceAddressSet(ns.name()));
                    }
                    if (v6) {
                        sets6.add("$" + PolicyAcls.namespaceAddressSet6(ns.name()));
                    }
                });
                continue;
            }
            String nsKey = peer.namespaceSelector() == null ? p.namespace() : selectorKey(peer.namespaceSelector().toString());
            String key = nsKey + "_" + selectorKey(peer.podSelector().toString());
            Map<String, String> ids = ordered("k8s.ovn.org/name", key, "ip-family", "v4");
            String name = OvnNames.hashedName("PodSelector", ids);
            if (v4 && sets.add("$" + name)) {
                w.addressSet(t, name, topology.peerPods(p.namespace(), peer), "PodSelector", ids);
            }
            Map<String, String> ids6 = ordered("k8s.ovn.org/name", key, "ip-family", "v6");
            String name6 = OvnNames.hashedName("PodSelector", ids6);
            if (v6 && sets6.add("$" + name6)) {
                w.addressSet(t, name6, topology.peerPods(p.namespace(), peer), "PodSelector", ids6);
            }
        }
        // gress_policy.go constructMatchString: one match per family, or-ed on a dual-stack cluster.
        String match4 = "ip4." + dir + " == {" + String.join(", ", sets) + "}";
        String match6 = "ip6." + dir + " == {" + String.join(", ", sets6) + "}";
        return v4 && v6 ? "(" + match4 + " || " + match6 + ")" : v4 ? match4 : match6;
    }

    private static String selectorKey(String selector) {
        return selector.isEmpty() ? "<none>" : selector;
    }
}
