package ovntrace.ovn;

import static ovntrace.ovn.AclWriter.ordered;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ovntrace.ovn.AclWriter.Acl;
import ovntrace.ovn.AclWriter.Direction;
import ovntrace.topology.AdminPolicySpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.Topology;

/**
 * AdminNetworkPolicies (tier 1) and the BaselineAdminNetworkPolicy (tier 3) as ovn-kubernetes' admin network policy
 * controller renders them: a port group of the subject pods, per rule an address set of the peers' pods and one ACL
 * per protocol ({@code outport == @pg && ((ip4.src == $as)) && tcp && tcp.dst==9090}), plus one per protocol for
 * named ports, which resolve to the peer (egress) or subject (ingress) pods' container ports. ANP rule i gets OVN
 * priority {@code 30000 - 100 * priority - i}, BANP rule i {@code 1750 - i}. Needs ACL tiers (OVN 23.06+).
 */
final class AdminPolicyAcls {

    static final int ANP_START_PRIORITY = 30000;
    static final int ANP_MAX_RULES = 100;
    static final int BANP_PRIORITY = 1750;

    private AdminPolicyAcls() {}

    static void write(NbTxn t, AclWriter w, Topology topology) {
        for (AdminPolicySpec p : topology.adminAndBaselinePolicies()) {
            policy(t, w, topology, p);
        }
    }

    public static String portGroup(AdminPolicySpec p) {
        return OvnNames.hashedName(p.tier().kind(), ordered("k8s.ovn.org/name", p.name()));
    }

    public static String peerAddressSet(AdminPolicySpec p, String gress, int index) {
        return OvnNames.hashedName(p.tier().kind(), peerSetKeys(p, gress, index));
    }

    private static Map<String, String> peerSetKeys(AdminPolicySpec p, String gress, int index) {
        return ordered("k8s.ovn.org/name", p.name(), "direction", gress, "gress-index", Integer.toString(index),
                "ip-family", "v4");
    }

    private static void policy(NbTxn t, AclWriter w, Topology topology, AdminPolicySpec p) {
        String pg = portGroup(p);
        List<PodSpec> subject = topology.podsPicked(p.subject());
        w.portGroup(t, pg, subject, p.tier().kind(), ordered("k8s.ovn.org/name", p.name()));
        int start = p.tier() == AdminPolicySpec.Tier.ADMIN ? ANP_START_PRIORITY - p.priority() * ANP_MAX_RULES
                : BANP_PRIORITY;
        for (Direction direction : Direction.values()) {
            String gress = NetworkPolicyAcls.gress(direction);
            List<AdminPolicySpec.Rule> rules = direction == Direction.INGRESS ? p.ingressRules() : p.egressRules();
            for (int i = 0; i < rules.size(); i++) {
                AdminPolicySpec.Rule rule = rules.get(i);
                Set<PodSpec> peers = new LinkedHashSet<>();
                rule.peers().forEach(peer -> peers.addAll(topology.podsPicked(peer)));
                String as = peerAddressSet(p, gress, i);
                w.addressSet(t, as, List.copyOf(peers), p.tier().kind(), peerSetKeys(p, gress, i));
                String l3 = "((ip4." + (direction == Direction.INGRESS ? "src" : "dst") + " == $" + as + "))";
                String lport = NetworkPolicyAcls.lport(direction, pg);
                Acl base = new Acl(direction, start - i, "", action(rule.action()),
                        p.tier() == AdminPolicySpec.Tier.ADMIN ? 1 : 3);
                String name = p.tier().aclPrefix() + ":" + p.name() + ":" + gress + ":" + i;
                List<PolicySpec.Port> numbered = rule.ports().stream().filter(x -> x.name() == null).toList();
                boolean named = numbered.size() < rule.ports().size();
                for (Map.Entry<String, String> l4 : L4Matches.of(numbered).entrySet()) {
                    if (l4.getKey().equals(L4Matches.NONE) && named) {
                        continue; // as ovn-kubernetes: only named ports, no catch-all ACL
                    }
                    w.acl(t, name, withMatch(base, L4Matches.join(lport, l3, l4.getValue())), p.tier().kind(),
                            ruleKeys(p, gress, i, l4.getKey()), pg);
                }
                List<PodSpec> owners = direction == Direction.INGRESS ? subject : List.copyOf(peers);
                for (Map.Entry<String, String> l3l4 : namedPortMatches(rule, owners).entrySet()) {
                    String match = (direction == Direction.INGRESS ? l3 : lport) + " && " + l3l4.getValue();
                    w.acl(t, name, withMatch(base, match), p.tier().kind(),
                            ruleKeys(p, gress, i, l3l4.getKey() + "-namedPort"), pg);
                }
            }
        }
    }

    private static Acl withMatch(Acl acl, String match) {
        return new Acl(acl.direction(), acl.priority(), match, acl.action(), acl.tier());
    }

    private static Map<String, String> ruleKeys(AdminPolicySpec p, String gress, int i, String protocol) {
        return ordered("k8s.ovn.org/name", p.name(), "direction", gress, "gress-index", Integer.toString(i),
                "port-policy-protocol", protocol);
    }

    static String action(AdminPolicySpec.Action action) {
        return switch (action) {
            case ALLOW -> "allow-related";
            case DENY -> "drop";
            case PASS -> "pass";
        };
    }

    /**
     * GetL3L4MatchesFromNamedPorts: per protocol {@code tcp && ((ip4.dst == 10.244.1.7 && tcp.dst == 8080) || ...)}
     * over the pods that have a container port of one of the rule's names, sorted by name then pod address.
     */
    private static Map<String, String> namedPortMatches(AdminPolicySpec.Rule rule, List<PodSpec> pods) {
        Map<String, List<String>> byProtocol = new TreeMap<>();
        rule.ports().stream().map(PolicySpec.Port::name).filter(java.util.Objects::nonNull).distinct().sorted()
                .forEach(portName -> pods.stream().filter(p -> !p.hostNetwork() && p.port(portName).isPresent())
                        .sorted(Comparator.comparing(PodSpec::ip))
                        .forEach(p -> {
                            PodSpec.ContainerPort cp = p.port(portName).orElseThrow();
                            String proto = cp.protocol().ovn();
                            byProtocol.computeIfAbsent(proto, k -> new ArrayList<>())
                                    .add("(ip4.dst == " + p.ip() + " && " + proto + ".dst == " + cp.containerPort() + ")");
                        }));
        Map<String, String> out = new TreeMap<>();
        byProtocol.forEach((proto, list) -> out.put(proto, proto + " && (" + String.join(" || ", list) + ")"));
        return out;
    }
}
