package ovntrace.ovn;

import static ovntrace.ovn.AclWriter.ordered;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.ovn.AclWriter.Acl;
import ovntrace.ovn.AclWriter.Direction;
import ovntrace.topology.Addressing;
import ovntrace.topology.Cidr;
import ovntrace.topology.EgressFirewallSpec;
import ovntrace.topology.Topology;

/**
 * EgressFirewalls as ovn-kubernetes renders them (egressfirewall.go): ACLs on the namespace's port group (all its
 * pods in the zone), direction to-lport although they match {@code inport}, priority {@code 10000 - rule index},
 * action allow or drop, match {@code (ip4.dst == 8.8.8.0/24) && inport == @pg && ((tcp && ( tcp.dst == 443 )))}.
 * A destination that overlaps the cluster subnet excludes it ({@code && ip4.dst != 10.244.0.0/16}).
 */
final class EgressFirewallAcls {

    static final int START_PRIORITY = 10000;
    private static final Cidr CLUSTER = Cidr.parse(Addressing.CLUSTER_CIDR);

    private EgressFirewallAcls() {}

    static void write(NbTxn t, AclWriter w, Topology topology) {
        for (EgressFirewallSpec ef : topology.egressFirewalls()) {
            String pg = PolicyAcls.namespacePortGroup(ef.namespace());
            w.portGroup(t, pg, topology.pods().stream().filter(p -> p.namespace().equals(ef.namespace())).toList(),
                    "Namespace", ordered("k8s.ovn.org/name", ef.namespace()));
            for (int i = 0; i < ef.rules().size(); i++) {
                EgressFirewallSpec.Rule rule = ef.rules().get(i);
                String dst = "ip4.dst == " + rule.cidr() + (rule.cidr().overlaps(CLUSTER)
                        ? " && ip4.dst != " + Addressing.CLUSTER_CIDR : "");
                String match = "(" + dst + ") && inport == @" + pg
                        + (rule.ports().isEmpty() ? "" : " && " + l4(rule.ports()));
                String action = rule.type() == EgressFirewallSpec.Type.ALLOW ? "allow" : "drop";
                w.acl(t, "EF:" + ef.namespace() + ":" + i, new Acl(Direction.INGRESS, START_PRIORITY - i, match, action),
                        "EgressFirewall", ordered("k8s.ovn.org/name", ef.namespace(), "rule-index", Integer.toString(i)), pg);
            }
        }
    }

    /**
     * egressGetL4Match, spacing and all: udp, tcp, sctp in that order, each {@code (tcp)} for every port or
     * {@code (tcp && ( tcp.dst == 80 || tcp.dst == 443 ))}, joined with {@code ||} and wrapped in parentheses.
     */
    static String l4(List<EgressFirewallSpec.Port> ports) {
        Map<String, String> byProtocol = new LinkedHashMap<>();
        for (String proto : List.of("udp", "tcp", "sctp")) {
            String s = "";
            for (EgressFirewallSpec.Port p : ports) {
                if (!p.protocol().ovn().equals(proto) || s.equals(proto)) {
                    continue;
                }
                s = p.port() == null ? proto : s + " " + proto + ".dst == " + p.port() + " ||";
            }
            if (!s.isEmpty()) {
                byProtocol.put(proto, s.equals(proto) ? "(" + proto + ")"
                        : "(" + proto + " && (" + s.substring(0, s.length() - 2) + "))");
            }
        }
        return "(" + String.join(" || ", byProtocol.values()) + ")";
    }
}
