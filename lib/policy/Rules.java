package ovntrace.lib.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule of a policy object: found by the index ovn-kubernetes put in the ACL's external_ids, quoted as YAML (the
 * rule only, so a reader sees what matched without the whole policy), and said in a few words
 * ({@code Deny from namespaces env=dev}).
 */
final class Rules {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private Rules() {}

    /** {@code spec.ingress[i]} or {@code spec.egress[i]} (an EgressFirewall's rules are all egress). */
    static Optional<Map<String, Object>> rule(Map<String, Object> policy, Direction direction, int index) {
        List<Object> rules = Trees.list(Trees.map(policy, "spec"), direction.field());
        if (index < 0 || index >= rules.size() || !(rules.get(index) instanceof Map<?, ?>)) return Optional.empty();
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) rules.get(index);
        return Optional.of(rule);
    }

    /** The rule as the YAML list element it is in the policy ({@code - name: ...}). */
    static String yaml(Map<String, Object> rule) {
        try {
            return YAML.writeValueAsString(List.of(rule));
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /** The {@code i}-th ipBlock peer of a NetworkPolicy rule, which ovn-kubernetes numbers among ipBlock peers only. */
    static Optional<Map<String, Object>> ipBlock(Map<String, Object> rule, Direction direction, int index) {
        int i = 0;
        for (Object peer : Trees.list(rule, direction == Direction.INGRESS ? "from" : "to")) {
            if (!Trees.has(peer, "ipBlock")) continue;
            if (i++ == index) return Optional.of(Trees.map(peer, "ipBlock"));
        }
        return Optional.empty();
    }

    /** The first named port of the rule's protocol, if the rule names one ({@code port: http}). */
    static Optional<String> namedPort(Map<String, Object> rule, String protocol) {
        for (Object port : Trees.list(rule, "ports")) {
            Object p = port instanceof Map<?, ?> m ? m.get("port") : null;
            String proto = Trees.text(port, "protocol").isEmpty() ? "TCP" : Trees.text(port, "protocol");
            if (p instanceof String name && !name.matches("\\d+") && (protocol.isEmpty() || proto.equalsIgnoreCase(protocol)))
                return Optional.of(name);
        }
        return Optional.empty();
    }

    /** "from pods tier In (frontend), ports TCP/http", "Deny from namespaces env=dev", "Deny to 8.8.8.0/24, ports TCP/443". */
    static String summary(PolicyKind kind, Map<String, Object> rule, Direction direction) {
        StringBuilder s = new StringBuilder();
        String action = Trees.text(rule, kind == PolicyKind.EGRESS_FIREWALL ? "type" : "action");
        if (!action.isEmpty()) s.append(action).append(' ');
        String side = direction == Direction.INGRESS ? "from" : "to";
        s.append(side).append(' ').append(peers(kind, rule, side));
        String ports = ports(rule);
        if (!ports.isEmpty()) s.append(", ports ").append(ports);
        return s.toString();
    }

    private static String peers(PolicyKind kind, Map<String, Object> rule, String side) {
        if (kind == PolicyKind.EGRESS_FIREWALL) {
            Map<String, Object> to = Trees.map(rule, "to");
            if (Trees.has(to, "cidrSelector")) return Trees.text(to, "cidrSelector");
            if (Trees.has(to, "dnsName")) return Trees.text(to, "dnsName");
            if (Trees.has(to, "nodeSelector")) return "nodes " + Selectors.text(Trees.map(to, "nodeSelector"));
            return "anywhere";
        }
        List<Object> list = Trees.list(rule, side);
        if (list.isEmpty()) return "anywhere";
        List<String> out = new ArrayList<>();
        for (Object peer : list) out.add(peer(peer));
        return String.join("; ", out);
    }

    private static String peer(Object peer) {
        if (Trees.has(peer, "ipBlock")) {
            Map<String, Object> b = Trees.map(peer, "ipBlock");
            List<Object> except = Trees.list(b, "except");
            return Trees.text(b, "cidr") + (except.isEmpty() ? "" : " except " + String.join(", ",
                    except.stream().map(String::valueOf).toList()));
        }
        // NetworkPolicy: podSelector / namespaceSelector; AdminNetworkPolicy: namespaces / pods / nodes / networks
        boolean pods = Trees.has(peer, "podSelector"), namespaces = Trees.has(peer, "namespaceSelector");
        if (pods && namespaces) return "pods " + Selectors.text(Trees.map(peer, "podSelector")) + " in namespaces "
                + Selectors.text(Trees.map(peer, "namespaceSelector"));
        if (pods) return "pods " + Selectors.text(Trees.map(peer, "podSelector"));
        if (namespaces) return "namespaces " + Selectors.text(Trees.map(peer, "namespaceSelector"));
        if (Trees.has(peer, "namespaces")) return "namespaces " + Selectors.text(Trees.map(peer, "namespaces"));
        if (Trees.has(peer, "pods")) {
            Map<String, Object> p = Trees.map(peer, "pods");
            return "pods " + Selectors.text(Trees.map(p, "podSelector")) + " in namespaces "
                    + Selectors.text(Trees.map(p, "namespaceSelector"));
        }
        if (Trees.has(peer, "nodes")) return "nodes " + Selectors.text(Trees.map(peer, "nodes"));
        if (Trees.has(peer, "networks")) return String.join(", ", Trees.list(peer, "networks").stream().map(String::valueOf).toList());
        return "anywhere";
    }

    private static String ports(Map<String, Object> rule) {
        List<String> out = new ArrayList<>();
        for (Object p : Trees.list(rule, "ports")) {
            if (Trees.has(p, "portNumber")) {
                Map<String, Object> n = Trees.map(p, "portNumber");
                out.add(Trees.text(n, "protocol") + "/" + Trees.text(n, "port"));
            } else if (Trees.has(p, "portRange")) {
                Map<String, Object> r = Trees.map(p, "portRange");
                out.add(Trees.text(r, "protocol") + "/" + Trees.text(r, "start") + "-" + Trees.text(r, "end"));
            } else if (Trees.has(p, "namedPort")) {
                out.add(Trees.text(p, "namedPort"));
            } else {
                String proto = Trees.text(p, "protocol").isEmpty() ? "TCP" : Trees.text(p, "protocol");
                String port = Trees.text(p, "port"), end = Trees.text(p, "endPort");
                out.add(proto + (port.isEmpty() ? "" : "/" + port + (end.isEmpty() ? "" : "-" + end)));
            }
        }
        return String.join(", ", out);
    }
}
