package ovntrace.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import ovntrace.lib.cluster.Protocol;

/**
 * The pieces NetworkPolicies, AdminNetworkPolicies and EgressFirewalls share: label selectors with
 * {@code matchLabels} and {@code matchExpressions}, CIDRs, and ports.
 */
final class SelectorReader {

    private SelectorReader() {}

    static Optional<Selector> selector(Fields f, String key) throws TopologyException {
        Optional<Fields> s = f.optObject(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        s.get().allowOnly("matchLabels", "matchExpressions");
        List<Selector.Expression> expressions = new ArrayList<>();
        for (Fields x : s.get().objects("matchExpressions")) {
            x.allowOnly("key", "operator", "values");
            String label = x.string("key");
            String bad = Names.checkLabelPair(label, "");
            if (bad != null) {
                throw x.error("key", bad);
            }
            Selector.Operator op = operator(x);
            List<String> values = x.strings("values");
            if (op.takesValues() && values.isEmpty()) {
                throw x.error("values", op.spelling() + " needs at least one value");
            }
            if (!op.takesValues() && !values.isEmpty()) {
                throw x.error("values", op.spelling() + " takes no values");
            }
            expressions.add(new Selector.Expression(label, op, values));
        }
        return Optional.of(new Selector(TopologyReader.labels(s.get(), "matchLabels"), expressions));
    }

    private static Selector.Operator operator(Fields x) throws TopologyException {
        String text = x.string("operator");
        return Arrays.stream(Selector.Operator.values()).filter(o -> o.spelling().equals(text)).findFirst()
                .orElseThrow(() -> x.error("operator", "\"" + text + "\" is not an operator: use "
                        + Arrays.stream(Selector.Operator.values()).map(Selector.Operator::spelling)
                                .collect(Collectors.joining(", "))));
    }

    static Cidr cidr(Fields f, String key) throws TopologyException {
        String text = f.string(key);
        Cidr cidr = Cidr.parse(text);
        if (cidr == null) {
            throw f.error(key, "\"" + text + "\" is not an IPv4 CIDR such as 10.0.0.0/16 (no host bits set)");
        }
        return cidr;
    }

    /** {@code port} (number or, if {@code names} allows, a container port name) and {@code endPort}. */
    static PolicySpec.Port port(Fields p, boolean names) throws TopologyException {
        Protocol protocol = ServiceReader.protocol(p);
        if (p.isText("port")) {
            if (!names) {
                throw p.error("port", "must be a number");
            }
            String name = p.string("port");
            if (Names.checkLabel(name) != null || name.length() > 15) {
                throw p.error("port", "\"" + name + "\" is not a port name (at most 15 lower-case letters, digits, '-')");
            }
            if (p.has("endPort")) {
                throw p.error("endPort", "a named port cannot have an endPort");
            }
            return PolicySpec.Port.named(protocol, name);
        }
        Integer port = p.optInt("port", 1, 65535).orElse(null);
        Integer end = p.optInt("endPort", 1, 65535).orElse(null);
        if (end != null && port == null) {
            throw p.error("endPort", "endPort needs a port");
        }
        if (end != null && end < port) {
            throw p.error("endPort", "must not be below port " + port);
        }
        return new PolicySpec.Port(protocol, port, end, null);
    }
}
