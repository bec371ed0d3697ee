package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code networkPolicies} list in Kubernetes' own shape ({@code podSelector}, {@code policyTypes},
 * {@code ingress[].from}, {@code egress[].to}, {@code ports}), limited to {@code matchLabels} selectors and
 * numeric ports. As in Kubernetes, policyTypes defaults to Ingress, plus Egress when egress rules are given.
 */
final class PolicyReader {

    private PolicyReader() {}

    static List<PolicySpec> policies(Fields root, Map<String, NamespaceSpec> namespaces) throws TopologyException {
        List<PolicySpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fields p : root.objects("networkPolicies")) {
            p.allowOnly("namespace", "name", "podSelector", "policyTypes", "ingress", "egress");
            String namespace = TopologyReader.namespaceOf(p, namespaces);
            String name = TopologyReader.name(p, 63);
            if (!seen.add(namespace + "/" + name)) {
                throw p.error("name", "network policy " + namespace + "/" + name + " is listed twice");
            }
            Selector podSelector = selector(p, "podSelector").orElse(Selector.ALL);
            List<PolicySpec.Rule> ingress = rules(p, "ingress", "from");
            List<PolicySpec.Rule> egress = rules(p, "egress", "to");
            List<String> types = p.strings("policyTypes");
            for (String t : types) {
                if (!t.equals("Ingress") && !t.equals("Egress")) {
                    throw p.error("policyTypes", "\"" + t + "\" is not a policy type: use Ingress or Egress");
                }
            }
            boolean hasIngress = types.isEmpty() || types.contains("Ingress");
            boolean hasEgress = types.isEmpty() ? !egress.isEmpty() : types.contains("Egress");
            if (!hasIngress && !ingress.isEmpty()) {
                throw p.error("ingress", "ingress rules need Ingress in policyTypes");
            }
            if (!hasEgress && !egress.isEmpty()) {
                throw p.error("egress", "egress rules need Egress in policyTypes");
            }
            out.add(new PolicySpec(namespace, name, podSelector, hasIngress, hasEgress, ingress, egress));
        }
        return out;
    }

    private static List<PolicySpec.Rule> rules(Fields policy, String key, String peersKey) throws TopologyException {
        List<PolicySpec.Rule> rules = new ArrayList<>();
        for (Fields r : policy.objects(key)) {
            r.allowOnly(peersKey, "ports");
            List<PolicySpec.Peer> peers = new ArrayList<>();
            for (Fields peer : r.objects(peersKey)) {
                peer.allowOnly("namespaceSelector", "podSelector", "ipBlock");
                if (peer.has("ipBlock")) {
                    throw peer.error("ipBlock", "ipBlock peers are not supported by the sandbox; use selectors");
                }
                Optional<Selector> ns = selector(peer, "namespaceSelector");
                Optional<Selector> pods = selector(peer, "podSelector");
                if (ns.isEmpty() && pods.isEmpty()) {
                    throw peer.error(null, "a peer needs a namespaceSelector or a podSelector");
                }
                peers.add(new PolicySpec.Peer(ns.orElse(null), pods.orElse(null)));
            }
            List<PolicySpec.Port> ports = new ArrayList<>();
            for (Fields port : r.objects("ports")) {
                port.allowOnly("protocol", "port");
                if (port.isText("port")) {
                    throw port.error("port", "named ports are not supported by the sandbox; give the number");
                }
                ports.add(new PolicySpec.Port(ServiceReader.protocol(port), port.optInt("port", 1, 65535).orElse(null)));
            }
            rules.add(new PolicySpec.Rule(peers, ports));
        }
        return rules;
    }

    private static Optional<Selector> selector(Fields f, String key) throws TopologyException {
        Optional<Fields> s = f.optObject(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().has("matchExpressions")) {
            throw f.error(key + ".matchExpressions", "matchExpressions are not supported by the sandbox; use matchLabels");
        }
        s.get().allowOnly("matchLabels");
        return Optional.of(new Selector(TopologyReader.labels(s.get(), "matchLabels")));
    }
}
