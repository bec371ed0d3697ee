package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.topology.AdminPolicySpec;
import ovntrace.topology.EgressFirewallSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.Selector;

/**
 * The policy objects the API serves: NetworkPolicies (typed), and, as generic resources since fabric8 has no model
 * for them, AdminNetworkPolicies and the BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1,
 * cluster-scoped) and EgressFirewalls (k8s.ovn.org/v1, namespaced), each in the shape its CRD defines.
 */
final class PolicyObjects {

    static final String ADMIN_GROUP_VERSION = "policy.networking.k8s.io/v1alpha1";
    static final String EGRESS_FIREWALL_GROUP_VERSION = "k8s.ovn.org/v1";

    private PolicyObjects() {}

    static NetworkPolicy networkPolicy(PolicySpec p) {
        List<String> types = new ArrayList<>();
        if (p.ingress()) {
            types.add("Ingress");
        }
        if (p.egress()) {
            types.add("Egress");
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(p.name()).withNamespace(p.namespace())
                    .withUid(Uids.of("networkpolicy", p.namespace() + "/" + p.name())).endMetadata()
                .withNewSpec().withPodSelector(selector(p.podSelector())).withPolicyTypes(types)
                    .withIngress(p.ingressRules().stream().map(r -> new NetworkPolicyIngressRuleBuilder()
                            .withFrom(peers(r)).withPorts(ports(r)).build()).toList())
                    .withEgress(p.egressRules().stream().map(r -> new NetworkPolicyEgressRuleBuilder()
                            .withTo(peers(r)).withPorts(ports(r)).build()).toList())
                .endSpec()
                .build();
    }

    private static List<NetworkPolicyPeer> peers(PolicySpec.Rule rule) {
        return rule.peers().stream().map(peer -> {
            if (peer instanceof PolicySpec.IpBlock b) {
                return new NetworkPolicyPeerBuilder().withIpBlock(new IPBlockBuilder().withCidr(b.cidr().text())
                        .withExcept(b.except().stream().map(Object::toString).toList()).build()).build();
            }
            PolicySpec.Selectors s = (PolicySpec.Selectors) peer;
            return new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(s.namespaceSelector() == null ? null : selector(s.namespaceSelector()))
                    .withPodSelector(s.podSelector() == null ? null : selector(s.podSelector())).build();
        }).toList();
    }

    private static List<NetworkPolicyPort> ports(PolicySpec.Rule rule) {
        return rule.ports().stream().map(port -> new NetworkPolicyPortBuilder().withProtocol(port.protocol().name())
                .withPort(port.name() != null ? new IntOrString(port.name())
                        : port.port() == null ? null : new IntOrString(port.port()))
                .withEndPort(port.endPort()).build()).toList();
    }

    static LabelSelector selector(Selector s) {
        return new LabelSelectorBuilder().withMatchLabels(s.matchLabels().isEmpty() ? null : s.matchLabels())
                .withMatchExpressions(s.matchExpressions().stream().map(x -> new LabelSelectorRequirementBuilder()
                        .withKey(x.key()).withOperator(x.operator().spelling())
                        .withValues(x.values().isEmpty() ? null : x.values()).build()).toList())
                .build();
    }

    static GenericKubernetesResource adminPolicy(AdminPolicySpec p) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (p.tier() == AdminPolicySpec.Tier.ADMIN) {
            spec.put("priority", p.priority());
        }
        spec.put("subject", pods(p.subject()));
        putRules(spec, "ingress", "from", p.ingressRules());
        putRules(spec, "egress", "to", p.egressRules());
        return new GenericKubernetesResourceBuilder().withApiVersion(ADMIN_GROUP_VERSION).withKind(p.tier().kind())
                .withNewMetadata().withName(p.name()).withUid(Uids.of(p.tier().resource(), p.name()))
                    .withGeneration(1L).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    private static void putRules(Map<String, Object> spec, String key, String peersKey, List<AdminPolicySpec.Rule> rules) {
        if (rules.isEmpty()) {
            return;
        }
        spec.put(key, rules.stream().map(r -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            if (!r.name().isEmpty()) {
                rule.put("name", r.name());
            }
            rule.put("action", r.action().spelling());
            rule.put(peersKey, r.peers().stream().map(PolicyObjects::pods).toList());
            if (!r.ports().isEmpty()) {
                rule.put("ports", r.ports().stream().map(PolicyObjects::adminPort).toList());
            }
            return rule;
        }).toList());
    }

    private static Map<String, Object> pods(AdminPolicySpec.Pods pick) {
        if (pick.pods().isEmpty()) {
            return Map.of("namespaces", json(pick.namespaces()));
        }
        return Map.of("pods", Map.of("namespaceSelector", json(pick.namespaces()), "podSelector", json(pick.pods())));
    }

    private static Map<String, Object> adminPort(PolicySpec.Port port) {
        if (port.name() != null) {
            return Map.of("namedPort", port.name());
        }
        if (port.endPort() != null) {
            return Map.of("portRange", Map.of("protocol", port.protocol().name(), "start", port.port(),
                    "end", port.endPort()));
        }
        return Map.of("portNumber", Map.of("protocol", port.protocol().name(), "port", port.port()));
    }

    /** A selector as JSON-ready maps: {@code {}} for everything. */
    private static Map<String, Object> json(Selector s) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!s.matchLabels().isEmpty()) {
            out.put("matchLabels", s.matchLabels());
        }
        if (!s.matchExpressions().isEmpty()) {
            out.put("matchExpressions", s.matchExpressions().stream().map(x -> x.values().isEmpty()
                    ? Map.of("key", x.key(), "operator", x.operator().spelling())
                    : Map.of("key", x.key(), "operator", x.operator().spelling(), "values", x.values())).toList());
        }
        return out;
    }

    static GenericKubernetesResource egressFirewall(EgressFirewallSpec ef) {
        List<Map<String, Object>> egress = ef.rules().stream().map(r -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("type", r.type().spelling());
            rule.put("to", Map.of("cidrSelector", r.cidr().text()));
            if (!r.ports().isEmpty()) {
                rule.put("ports", r.ports().stream().map(p -> p.port() == null
                        ? Map.<String, Object>of("protocol", p.protocol().name())
                        : Map.<String, Object>of("protocol", p.protocol().name(), "port", p.port())).toList());
            }
            return rule;
        }).toList();
        return new GenericKubernetesResourceBuilder().withApiVersion(EGRESS_FIREWALL_GROUP_VERSION)
                .withKind("EgressFirewall")
                .withNewMetadata().withName(EgressFirewallSpec.NAME).withNamespace(ef.namespace())
                    .withUid(Uids.of("egressfirewall", ef.namespace())).withGeneration(1L).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("egress", egress),
                        "status", Map.of("status", "EgressFirewall Rules applied")))
                .build();
    }
}
