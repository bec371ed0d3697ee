package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.policy.LegPolicy.AclInfo;
import ovntrace.lib.policy.LegPolicy.PolicyDecision;
import ovntrace.lib.policy.LegPolicy.PolicyOutcome;
import ovntrace.lib.policy.LegPolicy.PolicyRef;
import ovntrace.lib.policy.PolicyObjects.Kind;
import ovntrace.lib.policy.PolicyObjects.Ref;
import ovntrace.lib.trace.Connection;
import ovntrace.parse.OvnTraceParser;
import ovntrace.support.Fixtures;
import ovntrace.support.Repo;

/**
 * The scenarios of the policy topology (DESIGN.md), explained from the real ovn-trace of each request where the policy
 * decides (tests/fixtures/policy-VERSION/ID-request-ovn-trace-ct-new.txt), that node's real Northbound ACLs, and the
 * policy objects as the API serves them (tests/fixtures/policy-objects/objects.yaml).
 */
public class PolicyAttributionTest {

    private static final String VWJT7 = "fedora-deployment-7d49fddf69-vwjt7", CHMVH = "fedora-deployment-7d49fddf69-chmvh",
            T4HQW = "fedora-deployment-7d49fddf69-t4hqw";

    public static PolicyObjects objects() throws Exception {
        Map<String, List<Map<String, Object>>> all = new YAMLMapper().readValue(
                Files.readString(Repo.file("tests/fixtures/policy-objects/objects.yaml")),
                new com.fasterxml.jackson.core.type.TypeReference<>() {});
        PolicyObjects o = PolicyObjects.NONE;
        for (Map<String, Object> p : all.get("pods")) o = o.with(ref(Kind.POD, p), PolicyObjects.Fetched.of(List.of(p)));
        for (String ns : List.of("shop", "restricted", "default"))
            o = o.with(new Ref(Kind.NETWORK_POLICIES_IN_NAMESPACE, ns, ""), PolicyObjects.Fetched.of(all.get("networkPolicies")
                    .stream().filter(np -> Trees.text(Trees.map(np, "metadata"), "namespace").equals(ns)).toList()));
        for (Map<String, Object> np : all.get("networkPolicies")) o = o.with(ref(Kind.NETWORK_POLICY, np), PolicyObjects.Fetched.of(List.of(np)));
        for (Map<String, Object> p : all.get("adminNetworkPolicies")) o = o.with(ref(Kind.ADMIN_NETWORK_POLICY, p), PolicyObjects.Fetched.of(List.of(p)));
        for (Map<String, Object> p : all.get("baselineAdminNetworkPolicies"))
            o = o.with(ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, p), PolicyObjects.Fetched.of(List.of(p)));
        for (Map<String, Object> p : all.get("egressFirewalls")) o = o.with(ref(Kind.EGRESS_FIREWALL, p), PolicyObjects.Fetched.of(List.of(p)));
        return o;
    }

    private static Ref ref(Kind kind, Map<String, Object> object) {
        Map<String, Object> m = Trees.map(object, "metadata");
        return new Ref(kind, Trees.text(m, "namespace"), Trees.text(m, "name"));
    }

    /** What the request of scenario {@code id} shows on {@code version}, explained with that node's ACLs. */
    private static LegPolicy request(String version, String id, LegEnds ends, PolicyObjects objects) throws Exception {
        Fixtures.Fixture trace = Fixtures.load("policy-" + version + "/" + id + "-request-ovn-trace-ct-new.txt");
        String node = trace.header().replaceAll(".*in the ovnkube-node pod of ([\\w-]+):.*", "$1");
        AclDirectory acls = AclDirectory.parseNbctlJson(Fixtures.output("policy-" + version + "/acl-list-" + node + ".txt"));
        AclHits.Found found = AclHits.fromOvnTrace(OvnTraceParser.parse(trace.output()), node);
        return Explainer.explain(found.hits().stream().map(h -> OwnedAcl.of(h, acls)).toList(), found.establishedReply(),
                objects, ends);
    }

    private static LegEnds ends(String srcNs, String src, String dstNs, String dst) {
        return LegEnds.of(srcNs, src, dstNs, dst);
    }

    @Test
    void n1_a_networkpolicy_rule_with_a_named_port_allows_the_frontend_and_says_the_name_widens_to_every_tcp_port() throws Exception {
        for (String v : List.of("23.03", "25.03")) {
            LegPolicy p = request(v, "N1", ends("shop", "front-0", "shop", "api-0"), objects());
            assertEquals(PolicyOutcome.ALLOWED, p.outcome(), v);
            PolicyDecision d = p.deciding();
            assertEquals(List.of(PolicyKind.NETWORK_POLICY, "shop", "api-ingress", Direction.INGRESS, 0, PolicyAction.ALLOW, "tcp", -1, true),
                    List.of(d.kind(), d.namespace(), d.name(), d.direction(), d.rule(), d.action(), d.protocol(), d.ipBlock(), d.namedPort()), v);
            assertEquals(new AclInfo("NP:shop:api-ingress:Ingress:0", "to-lport", 1001, v.equals("25.03") ? 2 : -1,
                    "ip4.src == {$a7035772016866163539} && tcp && outport == @a4540115577604692212", "allow-related"), d.acl(), v);
            assertEquals("""
                    - from:
                      - podSelector:
                          matchExpressions:
                          - key: tier
                            operator: In
                            values:
                            - frontend
                      ports:
                      - protocol: TCP
                        port: http
                    """, d.yaml());
            assertEquals("allowed: NetworkPolicy shop/api-ingress, ingress rule 0 (from pods tier In (frontend), ports TCP/http);"
                    + " named port http is not resolved by ovn-kubernetes: the rule allows every TCP port", p.explanation());
        }
    }

    @Test
    void n2_a_peer_no_rule_matches_is_dropped_by_the_default_deny_of_the_two_policies_isolating_the_pod() throws Exception {
        for (String v : List.of("23.03", "25.03")) {
            LegPolicy p = request(v, "N2", ends("default", VWJT7, "shop", "api-0")
                    .carrying(new Connection.Tuple("10.244.0.3", 52888, "10.244.1.7", 8080), Protocol.TCP), objects());
            assertEquals(PolicyOutcome.DENIED, p.outcome(), v);
            assertEquals(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, p.deciding().kind());
            assertEquals(PolicyAction.DENY, p.deciding().action());
            assertEquals(List.of(new PolicyRef("shop", "api-ingress"), new PolicyRef("shop", "deny-all-ingress")), p.isolatedBy());
            assertEquals("dropped: default deny of namespace shop for ingress: shop/api-0 is isolated by NetworkPolicies "
                    + "shop/api-ingress, shop/deny-all-ingress and none of their ingress rules matches peer 10.244.0.3, TCP port 8080",
                    p.explanation());
        }
    }

    @Test
    void n3_an_ipblock_rule_allows_a_pod_in_its_cidr_on_a_port_of_its_range() throws Exception {
        for (String v : List.of("23.03", "25.03")) {
            LegPolicy p = request(v, "N3", ends("default", VWJT7, "shop", "api-0"), objects());
            assertEquals(List.of(PolicyKind.NETWORK_POLICY), p.decisions().stream().map(PolicyDecision::kind).toList(), v);
            assertEquals(1, p.deciding().rule());
            assertEquals(0, p.deciding().ipBlock());
            assertTrue(p.deciding().yaml().contains("cidr: 10.244.0.0/16"), p.deciding().yaml());
            assertEquals("allowed: NetworkPolicy shop/api-ingress, ingress rule 1 (from 10.244.0.0/16 except 10.244.2.0/24,"
                    + " ports TCP/9000-9100), ipBlock 0 10.244.0.0/16", p.explanation());
        }
    }

    @Test
    void n4_a_pod_in_the_except_of_the_ipblock_is_dropped_by_the_default_deny() throws Exception {
        for (String v : List.of("23.03", "25.03"))
            assertEquals(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, request(v, "N4", ends("default", CHMVH, "shop", "api-0"),
                    objects()).deciding().kind(), v);
    }

    @Test
    void a1_an_adminnetworkpolicy_deny_drops_dev_before_any_networkpolicy_where_ovn_has_tiers() throws Exception {
        LegPolicy p = request("25.03", "A1", ends("dev", "tool-0", "restricted", "db-0"), objects());
        assertEquals(PolicyOutcome.DENIED, p.outcome());
        assertEquals("deny-dev", p.deciding().ruleName());
        assertEquals(new AclInfo("ANP:deny-dev-to-db:Ingress:0", "to-lport", 29000, 1,
                "outport == @a13878788237147564876 && ((ip4.src == $a223279647864100817))", "drop"), p.deciding().acl());
        assertEquals("dropped: AdminNetworkPolicy deny-dev-to-db, ingress rule 0 \"deny-dev\" (Deny from namespaces env=dev),"
                + " priority 10", p.explanation());
        // OVN 23.03 has no tiers: the local cluster writes no ANP ACL there, and the namespace's default deny decides
        LegPolicy old = request("23.03", "A1", ends("dev", "tool-0", "restricted", "db-0"), objects());
        assertEquals(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, old.deciding().kind());
        assertEquals(List.of(new PolicyRef("restricted", "allow-from-clients")), old.isolatedBy(),
                "an Egress-only policy does not isolate for ingress");
    }

    @Test
    void a2_an_adminnetworkpolicy_allow_overrides_the_networkpolicy_that_would_deny() throws Exception {
        LegPolicy p = request("25.03", "A2", ends("monitoring", "prom-0", "shop", "api-0"), objects());
        assertEquals(PolicyOutcome.ALLOWED, p.outcome());
        assertEquals(List.of(PolicyKind.ADMIN_NETWORK_POLICY), p.decisions().stream().map(PolicyDecision::kind).toList());
        assertEquals("allowed: AdminNetworkPolicy allow-monitoring, ingress rule 0 \"allow-scrape\" (Allow from namespaces"
                + " kubernetes.io/metadata.name=monitoring, ports TCP/9090), priority 5", p.explanation());
    }

    @Test
    void a3_an_adminnetworkpolicy_pass_hands_dev_to_the_baseline_which_denies_it() throws Exception {
        LegPolicy p = request("25.03", "A3", ends("dev", "tool-0", "default", T4HQW), objects());
        assertEquals(PolicyOutcome.DENIED, p.outcome());
        assertEquals(List.of(PolicyAction.PASS, PolicyAction.DENY), p.decisions().stream().map(PolicyDecision::action).toList());
        assertEquals(List.of(1, 3), p.decisions().stream().map(d -> d.acl().tier()).toList());
        assertEquals("passed on: AdminNetworkPolicy pass-dev, ingress rule 0 \"delegate-dev\" (Pass from namespaces env=dev),"
                + " priority 20: evaluation continued to NetworkPolicy and BaselineAdminNetworkPolicy; then dropped:"
                + " BaselineAdminNetworkPolicy default, ingress rule 0 \"deny-dev\" (Deny from namespaces env=dev)", p.explanation());
        LegPolicy old = request("23.03", "A3", ends("dev", "tool-0", "default", T4HQW), objects());
        assertEquals(LegPolicy.NONE, old);
    }

    @Test
    void e1_an_egressfirewall_denies_the_external_cidr() throws Exception {
        for (String v : List.of("23.03", "25.03")) e1(v);
    }

    private static void e1(String version) throws Exception {
        LegPolicy p = request(version, "E1", LegEnds.of("shop", "api-0", "", ""), objects());
        assertEquals(List.of(PolicyKind.EGRESS_FIREWALL, "shop", "default", Direction.EGRESS, 1, PolicyAction.DENY),
                List.of(p.deciding().kind(), p.deciding().namespace(), p.deciding().name(), p.deciding().direction(),
                        p.deciding().rule(), p.deciding().action()));
        assertEquals("dropped: EgressFirewall shop/default, egress rule 1 (Deny to 8.8.8.0/24, ports TCP/443)", p.explanation());
    }

    @Test
    void an_object_that_cannot_be_read_is_still_named_from_its_acl() throws Exception {
        PolicyObjects forbidden = PolicyObjects.NONE.with(new Ref(Kind.ADMIN_NETWORK_POLICY, "", "deny-dev-to-db"),
                PolicyObjects.Fetched.failed("forbidden: the current user may not get adminnetworkpolicies.policy.networking.k8s.io at cluster scope"));
        LegPolicy p = request("25.03", "A1", ends("dev", "tool-0", "restricted", "db-0"), forbidden);
        assertEquals("deny-dev-to-db", p.deciding().name());
        assertEquals("", p.deciding().yaml());
        assertEquals("dropped: AdminNetworkPolicy deny-dev-to-db, ingress rule 0 (could not read the AdminNetworkPolicy:"
                + " forbidden: the current user may not get adminnetworkpolicies.policy.networking.k8s.io at cluster scope)",
                p.explanation());
    }
}
