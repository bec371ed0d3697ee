package ovntrace.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.lib.cluster.Protocol;

/**
 * NetworkPolicies with ipBlocks, matchExpressions, named ports and port ranges, AdminNetworkPolicies, the
 * BaselineAdminNetworkPolicy and EgressFirewalls, as the topology file gives them.
 */
class PolicyReaderTest {

    private final Topology t = TopologyReader.defaultTopology();

    @Test
    void shopsApiPolicyHasAFrontendRuleOnANamedPortAndAnIpBlockRuleOnARange() {
        PolicySpec api = policy("shop", "api-ingress");
        assertEquals(List.of("api-0"), t.podsSelected("shop", api.podSelector()).stream().map(PodSpec::name).toList());

        PolicySpec.Rule frontend = api.ingressRules().get(0);
        assertEquals(List.of(PolicySpec.Port.named(Protocol.TCP, "http")), frontend.ports());
        assertEquals(List.of("front-0"), t.peerPods("shop", frontend.peers().get(0)).stream().map(PodSpec::name).toList());

        PolicySpec.Rule cluster = api.ingressRules().get(1);
        assertEquals(List.of(new PolicySpec.Port(Protocol.TCP, 9000, 9100, null)), cluster.ports());
        PolicySpec.IpBlock block = cluster.ipBlocks().get(0);
        assertEquals("10.244.0.0/16", block.cidr().text());
        assertTrue(block.contains("10.244.0.3") && block.contains("10.244.1.7"));
        assertFalse(block.contains("10.244.2.3"), "10.244.2.0/24 is excepted");
        assertFalse(block.contains("172.18.0.2"), "outside the CIDR");
    }

    @Test
    void apiZeroNamesItsContainerPortsForNamedPolicyPorts() {
        PodSpec api = t.pods().stream().filter(p -> p.name().equals("api-0")).findFirst().orElseThrow();
        assertEquals(8080, api.port("http").orElseThrow().containerPort());
        assertEquals(new PodSpec.ContainerPort("metrics", 9090, Protocol.TCP), api.port("metrics").orElseThrow());
    }

    @Test
    void adminPoliciesKeepTheirPriorityActionsAndSubjects() {
        assertEquals(List.of("allow-monitoring", "deny-dev-to-db", "pass-dev"),
                t.adminPolicies().stream().map(AdminPolicySpec::name).toList());
        AdminPolicySpec monitoring = t.adminPolicies().get(0);
        assertEquals(5, monitoring.priority());
        assertEquals(t.ovnPods().size(), t.podsPicked(monitoring.subject()).size(), "namespaces: {} is every pod");
        AdminPolicySpec.Rule scrape = monitoring.ingressRules().get(0);
        assertEquals("allow-scrape", scrape.name());
        assertEquals(AdminPolicySpec.Action.ALLOW, scrape.action());
        assertEquals(List.of(new PolicySpec.Port(Protocol.TCP, 9090)), scrape.ports());
        assertEquals(List.of("prom-0"), t.podsPicked(scrape.peers().get(0)).stream().map(PodSpec::name).toList());
        assertEquals(AdminPolicySpec.Action.PASS, t.adminPolicies().get(2).ingressRules().get(0).action());

        AdminPolicySpec banp = t.baselinePolicy();
        assertEquals(AdminPolicySpec.Tier.BASELINE, banp.tier());
        assertEquals("default", banp.name());
        assertEquals(List.of("tool-0"), t.podsPicked(banp.ingressRules().get(0).peers().get(0)).stream()
                .map(PodSpec::name).toList(), "env=dev is namespace dev");
    }

    @Test
    void theShopEgressFirewallAllowsTheNodeNetworkAndDeniesHttpsTo888() {
        EgressFirewallSpec ef = t.egressFirewalls().get(0);
        assertEquals("shop", ef.namespace());
        assertEquals(EgressFirewallSpec.Type.ALLOW, ef.rules().get(0).type());
        assertEquals("172.18.0.0/16", ef.rules().get(0).cidr().text());
        assertEquals(new EgressFirewallSpec.Rule(EgressFirewallSpec.Type.DENY, Cidr.parse("8.8.8.0/24"),
                List.of(new EgressFirewallSpec.Port(Protocol.TCP, 443))), ef.rules().get(1));
    }

    @Test
    void aFileWithoutAdminPoliciesHasNoBaseline() throws Exception {
        Topology small = TopologyReader.parse("nodes: [{name: a}]\n", "t.yaml");
        assertNull(small.baselinePolicy());
        assertTrue(small.adminAndBaselinePolicies().isEmpty() && small.egressFirewalls().isEmpty());
    }

    @Test
    void matchExpressionsFollowKubernetesForMissingLabels() throws Exception {
        Topology x = TopologyReader.parse("""
                nodes: [{name: a}]
                networkPolicies:
                  - name: n
                    podSelector:
                      matchLabels: {app: web}
                      matchExpressions:
                        - {key: tier, operator: NotIn, values: [db]}
                        - {key: canary, operator: DoesNotExist}
                        - {key: team, operator: Exists}
                """, "t.yaml");
        Selector s = x.policies().get(0).podSelector();
        assertTrue(s.matches(Map.of("app", "web", "team", "a")), "NotIn holds for a missing label");
        assertTrue(s.matches(Map.of("app", "web", "team", "a", "tier", "front")));
        assertFalse(s.matches(Map.of("app", "web", "team", "a", "tier", "db")));
        assertFalse(s.matches(Map.of("app", "web", "team", "a", "canary", "")), "DoesNotExist: present even empty");
        assertFalse(s.matches(Map.of("app", "web")), "Exists needs the label");
        assertFalse(s.matches(Map.of("team", "a")), "matchLabels still apply");
        assertEquals("app=web,!canary,team,tier notin (db)", s.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bad operator              | networkPolicies: [{name: n, podSelector: {matchExpressions: [{key: a, operator: Is, values: [b]}]}}] | networkPolicies[0].podSelector.matchExpressions[0].operator: "Is" is not an operator: use In, NotIn, Exists, DoesNotExist
        In without values         | networkPolicies: [{name: n, podSelector: {matchExpressions: [{key: a, operator: In}]}}] | matchExpressions[0].values: In needs at least one value
        Exists with values        | networkPolicies: [{name: n, podSelector: {matchExpressions: [{key: a, operator: Exists, values: [b]}]}}] | matchExpressions[0].values: Exists takes no values
        ipBlock not a cidr        | networkPolicies: [{name: n, ingress: [{from: [{ipBlock: {cidr: 10.0.0.1}}]}]}] | ingress[0].from[0].ipBlock.cidr: "10.0.0.1" is not an IPv4 CIDR
        ipBlock host bits         | networkPolicies: [{name: n, ingress: [{from: [{ipBlock: {cidr: 10.0.0.1/8}}]}]}] | ipBlock.cidr: "10.0.0.1/8" is not an IPv4 CIDR such as 10.0.0.0/16 (no host bits set)
        except outside cidr       | networkPolicies: [{name: n, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]}] | ipBlock.except[0]: "10.1.0.0/24" is not an IPv4 CIDR inside 10.0.0.0/16
        ipBlock with selector     | networkPolicies: [{name: n, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]}] | from[0].ipBlock: an ipBlock peer cannot have selectors too
        endPort below port        | networkPolicies: [{name: n, ingress: [{ports: [{port: 90, endPort: 80}]}]}] | ports[0].endPort: must not be below port 90
        endPort on a name         | networkPolicies: [{name: n, ingress: [{ports: [{port: http, endPort: 80}]}]}] | ports[0].endPort: a named port cannot have an endPort
        bad port name             | networkPolicies: [{name: n, ingress: [{ports: [{port: Http_1}]}]}] | ports[0].port: "Http_1" is not a port name
        pod port without number   | pods: [{name: p, node: a, ports: [{name: http}]}] | pods[0].ports[0].containerPort: required field is missing
        pod port name twice       | pods: [{name: p, node: a, ports: [{name: h, containerPort: 1}, {name: h, containerPort: 2}]}] | pods[0].ports[1].name: port name h is used twice
        anp without priority      | adminNetworkPolicies: [{name: x, subject: {namespaces: {}}}] | adminNetworkPolicies[0].priority: required field is missing
        anp priority too high     | adminNetworkPolicies: [{name: x, priority: 100, subject: {namespaces: {}}}] | adminNetworkPolicies[0].priority: must be between 0 and 99, not 100
        anp priority taken        | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}}, {name: y, priority: 1, subject: {namespaces: {}}}] | adminNetworkPolicies[1].priority: priority 1 is taken by x
        anp without subject       | adminNetworkPolicies: [{name: x, priority: 1}] | adminNetworkPolicies[0].subject: required field is missing
        anp subject both          | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}}] | adminNetworkPolicies[0].subject: give exactly one of namespaces and pods
        anp bad action            | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}, ingress: [{action: Reject, from: [{namespaces: {}}]}]}] | ingress[0].action: "Reject" is not an action of a AdminNetworkPolicy: use Allow, Deny, Pass
        anp rule without peers    | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}, ingress: [{action: Allow}]}] | ingress[0].from: a rule needs at least one peer
        anp nodes peer            | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}, egress: [{action: Allow, to: [{nodes: {}}]}]}] | egress[0].to[0].nodes: nodes and networks peers are not supported by the sandbox
        anp two port kinds        | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}, ingress: [{action: Allow, from: [{namespaces: {}}], ports: [{namedPort: a, portNumber: {port: 1}}]}]}] | ports[0]: give exactly one of portNumber, portRange and namedPort
        anp range backwards       | adminNetworkPolicies: [{name: x, priority: 1, subject: {namespaces: {}}, ingress: [{action: Allow, from: [{namespaces: {}}], ports: [{portRange: {start: 9, end: 8}}]}]}] | ports[0].portRange.end: must not be below start 9
        banp not default          | baselineAdminNetworkPolicy: {name: base, subject: {namespaces: {}}} | baselineAdminNetworkPolicy.name: the baseline admin network policy is a singleton named "default"
        banp pass                 | baselineAdminNetworkPolicy: {subject: {namespaces: {}}, ingress: [{action: Pass, from: [{namespaces: {}}]}]} | baselineAdminNetworkPolicy.ingress[0].action: "Pass" is not an action of a BaselineAdminNetworkPolicy: use Allow, Deny
        banp priority             | baselineAdminNetworkPolicy: {priority: 3, subject: {namespaces: {}}} | baselineAdminNetworkPolicy.priority: unknown field
        ef not default            | egressFirewalls: [{namespace: a, name: fw, egress: []}] | egressFirewalls[0].name: an EgressFirewall must be named "default"
        ef twice                  | egressFirewalls: [{namespace: a}, {namespace: a}] | egressFirewalls[1].namespace: namespace a has two EgressFirewalls
        ef bad type               | egressFirewalls: [{egress: [{type: Reject, to: {cidrSelector: 1.0.0.0/8}}]}] | egressFirewalls[0].egress[0].type: "Reject" is not a rule type: use Allow or Deny
        ef dnsName                | egressFirewalls: [{egress: [{type: Deny, to: {dnsName: www.example.com}}]}] | egressFirewalls[0].egress[0].to.dnsName: dnsName destinations are not supported by the sandbox (it resolves no names); use cidrSelector
        ef nodeSelector           | egressFirewalls: [{egress: [{type: Deny, to: {nodeSelector: {}}}]}] | to.nodeSelector: nodeSelector destinations are not supported by the sandbox
        ef without destination    | egressFirewalls: [{egress: [{type: Deny}]}] | egressFirewalls[0].egress[0].to: required field is missing
        """)
    void badPoliciesNameTheField(String scenario, String yaml, String expected) {
        TopologyException e = assertThrows(TopologyException.class,
                () -> TopologyReader.parse("nodes: [{name: a}]\n" + yaml, "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> scenario + ": got " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    private PolicySpec policy(String namespace, String name) {
        return t.policies().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst().orElseThrow();
    }
}
