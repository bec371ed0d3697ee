package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ovntrace.topology.NamespaceSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.Topology;

/**
 * NetworkPolicies as ovn-kubernetes renders them: per namespace with policies a default-deny port group per
 * direction (a drop ACL at priority 1000 and an ARP/ND allow at 1001); per policy a port group of the pods it
 * selects with one allow-related ACL at 1001 per rule and protocol, matching the peers' address sets; a namespace
 * address set per namespace; plus the cluster port group and each node's allow-from-management-port ACL. Port
 * groups hold only the zone's own pods; address sets hold every pod of the cluster. See {@link OvnNames} for the
 * names and external_ids that identify the policy behind an ACL.
 */
public final class PolicyAcls {

    private static final int DEFAULT_DENY_PRIORITY = 1000;
    private static final int ALLOW_PRIORITY = 1001;

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

    static List<NbTxn> forZone(Topology topology, Zone zone) {
        NbTxn base = new NbTxn("address sets and port groups in " + zone.name());
        for (NamespaceSpec ns : topology.namespaces()) {
            Map<String, String> ids = ordered("k8s.ovn.org/name", ns.name(), "ip-family", "v4");
            base.add("create", "address_set", "name=" + namespaceAddressSet(ns.name()),
                    addresses(topology.ovnPods().stream().filter(p -> p.namespace().equals(ns.name())).toList()))
                .add(externalIds("address_set", namespaceAddressSet(ns.name()), "Namespace", ids));
        }
        List<String> clusterPorts = localPorts(topology.ovnPods(), zone);
        base.add(concat(List.of("pg-add", OvnNames.CLUSTER_PORT_GROUP), clusterPorts))
            .add(externalIds("port_group", OvnNames.CLUSTER_PORT_GROUP, "Cluster",
                    ordered("k8s.ovn.org/name", OvnNames.CLUSTER_PORT_GROUP)));
        int[] counter = {0};
        zone.nodes().forEach(n -> {
            String match = "ip4.src==" + n.managementIp();
            Map<String, String> ids = ordered("k8s.ovn.org/name", n.name(), "ip", n.managementIp());
            base.add(acl(counter, "", "to-lport", ALLOW_PRIORITY, match, "allow-related", "NetpolNode", ids, false))
                .add("add", "logical_switch", n.name(), "acls", "@acl" + (counter[0] - 1));
        });
        NbTxn policies = new NbTxn("network policies in " + zone.name());
        Set<String> namespaces = topology.policies().stream().map(PolicySpec::namespace)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String ns : namespaces) {
            for (String direction : List.of("Ingress", "Egress")) {
                defaultDeny(policies, counter, topology, zone, ns, direction);
            }
        }
        for (PolicySpec p : topology.policies()) {
            policy(policies, counter, topology, zone, p);
        }
        return List.of(base, policies);
    }

    private static void defaultDeny(NbTxn t, int[] counter, Topology topology, Zone zone, String ns, String direction) {
        List<PolicySpec> typed = topology.policies().stream().filter(p -> p.namespace().equals(ns)
                && (direction.equals("Ingress") ? p.ingress() : p.egress())).toList();
        if (typed.isEmpty()) {
            return;
        }
        Set<PodSpec> selected = new LinkedHashSet<>();
        typed.forEach(p -> selected.addAll(topology.podsSelected(ns, p.podSelector())));
        String pg = defaultDenyPortGroup(ns, direction);
        boolean ingress = direction.equals("Ingress");
        String portMatch = (ingress ? "outport == @" : "inport == @") + pg;
        t.add(concat(List.of("pg-add", pg), localPorts(List.copyOf(selected), zone)))
         .add(externalIds("port_group", pg, "NetpolNamespace",
                 ordered("k8s.ovn.org/name", ns, "direction", direction)));
        for (String type : List.of("defaultDeny", "arpAllow")) {
            boolean deny = type.equals("defaultDeny");
            Map<String, String> ids = ordered("k8s.ovn.org/name", ns, "direction", direction, "type", type);
            t.add(acl(counter, "NP:" + ns + ":" + direction, ingress ? "to-lport" : "from-lport",
                    deny ? DEFAULT_DENY_PRIORITY : ALLOW_PRIORITY, deny ? portMatch : portMatch + " && (arp || nd)",
                    deny ? "drop" : "allow", "NetpolNamespace", ids, !ingress))
             .add("add", "port_group", pg, "acls", "@acl" + (counter[0] - 1));
        }
    }

    private static void policy(NbTxn t, int[] counter, Topology topology, Zone zone, PolicySpec p) {
        String pg = policyPortGroup(p.namespace(), p.name());
        t.add(concat(List.of("pg-add", pg), localPorts(topology.podsSelected(p.namespace(), p.podSelector()), zone)))
         .add(externalIds("port_group", pg, "NetworkPolicy", ordered("k8s.ovn.org/name", p.namespace() + ":" + p.name())));
        for (String direction : List.of("Ingress", "Egress")) {
            boolean ingress = direction.equals("Ingress");
            List<PolicySpec.Rule> rules = ingress ? p.ingressRules() : p.egressRules();
            for (int idx = 0; idx < rules.size(); idx++) {
                PolicySpec.Rule rule = rules.get(idx);
                String l3 = rule.peers().isEmpty() ? "ip4" : peersMatch(t, topology, p, rule, ingress ? "src" : "dst");
                String portMatch = (ingress ? "outport == @" : "inport == @") + pg;
                for (Map.Entry<String, String> l4 : l4Matches(rule).entrySet()) {
                    String match = l3 + (l4.getValue().isEmpty() ? "" : " && " + l4.getValue()) + " && " + portMatch;
                    Map<String, String> ids = ordered("k8s.ovn.org/name", p.namespace() + ":" + p.name(),
                            "direction", direction, "gress-index", Integer.toString(idx),
                            "port-policy-protocol", l4.getKey(), "ip-block-index", "-1");
                    t.add(acl(counter, "NP:" + p.namespace() + ":" + p.name() + ":" + direction + ":" + idx,
                            ingress ? "to-lport" : "from-lport", ALLOW_PRIORITY, match, "allow-related",
                            "NetworkPolicy", ids, !ingress))
                     .add("add", "port_group", pg, "acls", "@acl" + (counter[0] - 1));
                }
            }
        }
    }

    /** {@code ip4.src == {$a1, $a2}}: namespace address sets, or a pod-selector address set per podSelector peer. */
    private static String peersMatch(NbTxn t, Topology topology, PolicySpec p, PolicySpec.Rule rule, String dir) {
        Set<String> sets = new TreeSet<>();
        for (PolicySpec.Peer peer : rule.peers()) {
            if (peer.podSelector() == null) {
                topology.namespacesSelected(peer.namespaceSelector())
                        .forEach(ns -> sets.add("$" + namespaceAddressSet(ns.name())));
                continue;
            }
            String nsKey = peer.namespaceSelector() == null ? p.namespace() : selectorKey(peer.namespaceSelector().toString());
            Map<String, String> ids = ordered("k8s.ovn.org/name", nsKey + "_" + selectorKey(peer.podSelector().toString()),
                    "ip-family", "v4");
            String name = OvnNames.hashedName("PodSelector", ids);
            if (sets.add("$" + name)) {
                t.add("create", "address_set", "name=" + name, addresses(topology.peerPods(p.namespace(), peer)))
                 .add(externalIds("address_set", name, "PodSelector", ids));
            }
        }
        return "ip4." + dir + " == {" + String.join(", ", sets) + "}";
    }

    private static String selectorKey(String selector) {
        return selector.isEmpty() ? "<none>" : selector;
    }

    /** Per protocol: {@code tcp && tcp.dst==5432}, {@code tcp && tcp.dst=={80,443}}, or {@code "None" -> ""}. */
    private static Map<String, String> l4Matches(PolicySpec.Rule rule) {
        if (rule.ports().isEmpty()) {
            return Map.of("None", "");
        }
        Map<String, List<Integer>> byProtocol = new TreeMap<>();
        rule.ports().forEach(port -> byProtocol.computeIfAbsent(port.protocol().ovn(), k -> new ArrayList<>())
                .add(port.port()));
        Map<String, String> out = new LinkedHashMap<>();
        byProtocol.forEach((proto, ports) -> {
            List<String> numbers = ports.stream().filter(java.util.Objects::nonNull).map(String::valueOf).toList();
            out.put(proto, ports.contains(null) || numbers.isEmpty() ? proto
                    : numbers.size() == 1 ? proto + " && " + proto + ".dst==" + numbers.get(0)
                    : proto + " && " + proto + ".dst=={" + String.join(",", numbers) + "}");
        });
        return out;
    }

    private static String[] acl(int[] counter, String name, String direction, int priority, String match,
                                String action, String ownerType, Map<String, String> keys, boolean afterLb) {
        List<String> a = new ArrayList<>(List.of("--id=@acl" + counter[0]++, "create", "acl"));
        if (!name.isEmpty()) {
            a.add("name=" + q(name.length() > 63 ? name.substring(0, 63) : name));
        }
        a.addAll(List.of("direction=" + direction, "priority=" + priority, "match=" + q(match), "action=" + action,
                "log=false"));
        OvnNames.ids(ownerType, keys).forEach((k, v) -> a.add(kv("external_ids", k, v)));
        if (afterLb) {
            a.add(kv("options", "apply-after-lb", "true"));
        }
        return a.toArray(String[]::new);
    }

    private static String[] externalIds(String table, String row, String ownerType, Map<String, String> keys) {
        List<String> a = new ArrayList<>(List.of("set", table, row));
        OvnNames.ids(ownerType, keys).forEach((k, v) -> a.add(kv("external_ids", k, v)));
        return a.toArray(String[]::new);
    }

    private static String addresses(List<PodSpec> pods) {
        return "addresses=[" + pods.stream().filter(p -> !p.hostNetwork()).map(p -> q(p.ip()))
                .collect(Collectors.joining(",")) + "]";
    }

    private static List<String> localPorts(List<PodSpec> pods, Zone zone) {
        return pods.stream().filter(p -> !p.hostNetwork() && zone.serves(p.node())).map(PodSpec::logicalPort).toList();
    }

    private static String[] concat(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
