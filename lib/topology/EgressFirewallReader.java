package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code egressFirewalls}: per namespace one EgressFirewall named {@code default} whose {@code egress} rules
 * have a {@code type} (Allow/Deny), a destination {@code to.cidrSelector} and optional {@code ports}.
 * {@code dnsName} and {@code nodeSelector} destinations are refused: the sandbox resolves no names and ovn-kubernetes
 * fills those address sets from DNS answers and node objects at run time.
 */
final class EgressFirewallReader {

    /** ovn-kubernetes' priorities 10000 down to 2000 leave room for this many rules. */
    static final int MAX_RULES = 8000;

    private EgressFirewallReader() {}

    static List<EgressFirewallSpec> firewalls(Fields root, Map<String, NamespaceSpec> namespaces) throws TopologyException {
        List<EgressFirewallSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fields f : root.objects("egressFirewalls")) {
            f.allowOnly("namespace", "name", "egress");
            String namespace = TopologyReader.namespaceOf(f, namespaces);
            String name = f.optString("name").orElse(EgressFirewallSpec.NAME);
            if (!name.equals(EgressFirewallSpec.NAME)) {
                throw f.error("name", "an EgressFirewall must be named \"default\" (one per namespace), not \"" + name + "\"");
            }
            if (!seen.add(namespace)) {
                throw f.error("namespace", "namespace " + namespace + " has two EgressFirewalls; it can have one");
            }
            List<Fields> list = f.objects("egress");
            if (list.size() > MAX_RULES) {
                throw f.error("egress", "at most " + MAX_RULES + " rules");
            }
            List<EgressFirewallSpec.Rule> rules = new ArrayList<>();
            for (Fields r : list) {
                rules.add(rule(r));
            }
            out.add(new EgressFirewallSpec(namespace, rules));
        }
        return out;
    }

    private static EgressFirewallSpec.Rule rule(Fields r) throws TopologyException {
        r.allowOnly("type", "to", "ports");
        String type = r.string("type");
        EgressFirewallSpec.Type t = switch (type) {
            case "Allow" -> EgressFirewallSpec.Type.ALLOW;
            case "Deny" -> EgressFirewallSpec.Type.DENY;
            default -> throw r.error("type", "\"" + type + "\" is not a rule type: use Allow or Deny");
        };
        Fields to = r.optObject("to").orElseThrow(() -> r.error("to", "required field is missing"));
        to.allowOnly("cidrSelector", "dnsName", "nodeSelector");
        if (to.has("dnsName")) {
            throw to.error("dnsName", "dnsName destinations are not supported by the sandbox (it resolves no names); "
                    + "use cidrSelector");
        }
        if (to.has("nodeSelector")) {
            throw to.error("nodeSelector", "nodeSelector destinations are not supported by the sandbox; use cidrSelector");
        }
        Cidr cidr = SelectorReader.cidr(to, "cidrSelector");
        List<EgressFirewallSpec.Port> ports = new ArrayList<>();
        for (Fields p : r.objects("ports")) {
            p.allowOnly("protocol", "port");
            ports.add(new EgressFirewallSpec.Port(ServiceReader.protocol(p), p.optInt("port", 1, 65535).orElse(null)));
        }
        return new EgressFirewallSpec.Rule(t, cidr, ports);
    }
}
