package ovntrace.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code networkPolicies} list in Kubernetes' own shape ({@code podSelector}, {@code policyTypes},
 * {@code ingress[].from}, {@code egress[].to} with selectors or ipBlocks, {@code ports} with numbers, names and
 * endPort). As in Kubernetes, policyTypes defaults to Ingress, plus Egress when egress rules are given.
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
            Selector podSelector = SelectorReader.selector(p, "podSelector").orElse(Selector.ALL);
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
                Optional<Fields> block = peer.optObject("ipBlock");
                if (block.isPresent()) {
                    if (peer.has("namespaceSelector") || peer.has("podSelector")) {
                        throw peer.error("ipBlock", "an ipBlock peer cannot have selectors too");
                    }
                    peers.add(ipBlock(block.get()));
                    continue;
                }
                Optional<Selector> ns = SelectorReader.selector(peer, "namespaceSelector");
                Optional<Selector> pods = SelectorReader.selector(peer, "podSelector");
                if (ns.isEmpty() && pods.isEmpty()) {
                    throw peer.error(null, "a peer needs a namespaceSelector, a podSelector or an ipBlock");
                }
                peers.add(new PolicySpec.Selectors(ns.orElse(null), pods.orElse(null)));
            }
            List<PolicySpec.Port> ports = new ArrayList<>();
            for (Fields port : r.objects("ports")) {
                port.allowOnly("protocol", "port", "endPort");
                ports.add(SelectorReader.port(port, true));
            }
            rules.add(new PolicySpec.Rule(peers, ports));
        }
        return rules;
    }

    private static PolicySpec.IpBlock ipBlock(Fields block) throws TopologyException {
        block.allowOnly("cidr", "except");
        Cidr cidr = SelectorReader.cidr(block, "cidr");
        List<Cidr> except = new ArrayList<>();
        List<String> texts = block.strings("except");
        for (int i = 0; i < texts.size(); i++) {
            Cidr c = Cidr.parse(texts.get(i));
            if (c == null || c.prefix() < cidr.prefix() || !cidr.overlaps(c)) {
                throw block.error("except[" + i + "]", "\"" + texts.get(i) + "\" is not an IPv4 CIDR inside " + cidr);
            }
            except.add(c);
        }
        return new PolicySpec.IpBlock(cidr, except);
    }
}
