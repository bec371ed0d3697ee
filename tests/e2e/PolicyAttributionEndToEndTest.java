package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * Every drop and every pass names the policy object and the rule behind it, read from the ACL that decided in the real
 * OVN and its owner object in the API: NetworkPolicy rules (named port, ipBlock with except, matchExpressions), a
 * namespace's default deny, AdminNetworkPolicy Deny, Allow and Pass, the BaselineAdminNetworkPolicy and an
 * EgressFirewall; in the local cluster's default topology, on every OVN version in both modes.
 *
 * <p>OVN 23.03 has no ACL tiers and no {@code pass} action, so the local cluster (like a cluster whose OVN cannot
 * enforce them) writes no ACL for AdminNetworkPolicies there: the attribution must follow what OVN does, and name the
 * NetworkPolicy that decided instead.
 */
class PolicyAttributionEndToEndTest {

    private static final String VWJT7 = "fedora-deployment-7d49fddf69-vwjt7", CHMVH = TraceEndToEndTest.CHMVH,
            T4HQW = TraceEndToEndTest.T4HQW;

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    static java.util.stream.Stream<Cluster> clusters() {
        return Sandboxes.pairwise(); // both versions, both modes: see Sandboxes.pairwise()
    }

    @TempDir
    static Path tmp;

    private static boolean tiers(Cluster c) {
        return c.version() != OvnVersion.V23_03;
    }

    /** Runs the CLI with a JSON report and returns the report's request leg's {@code policy}. */
    private static Traced trace(Cluster cluster, int exitCode, String srcNs, String src, String dstNs, String dst, int port) {
        Sandbox sb = Sandboxes.of(cluster);
        Path json = tmp.resolve(String.join("-", srcNs, src, dstNs, dst, "" + port, cluster.version().label(),
                cluster.mode().name()) + ".json");
        List<String> args = new ArrayList<>(List.of("-kubeconfig", sb.kubeconfig().toString(), "-src-namespace", srcNs,
                "-src", src));
        if (dst.contains(".")) {
            args.addAll(List.of("-dst-ip", dst));
        } else {
            args.addAll(List.of("-dst-namespace", dstNs, "-dst", dst));
        }
        args.addAll(List.of("-tcp", "-dst-port", "" + port, "-loglevel", "1", "--report", json.toString()));
        OvntraceCli.Run run = OvntraceCli.run(args.toArray(String[]::new));
        assertEquals(exitCode, run.exitCode(), run.describe());
        try {
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            return new Traced(run, report, report.at("/connection/request/policy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Traced(OvntraceCli.Run run, JsonNode report, JsonNode policy) {

        JsonNode decisive() {
            JsonNode d = policy.at("/decisions");
            assertTrue(d.isArray() && d.size() > 0, "a policy decided:\n" + policy.toPrettyString());
            return d.get(d.size() - 1);
        }

        List<String> kinds() {
            return StreamSupport.stream(policy.at("/decisions").spliterator(), false).map(n -> n.at("/kind").asText()).toList();
        }

        String explanation() {
            return policy.at("/explanation").asText();
        }

        /** The {@code -loglevel 1} console line of the request leg carries the same explanation. */
        void consoleSays(String text) {
            assertTrue(run.stdout().lines().anyMatch(l -> l.contains(explanation())) || run.stderr().lines()
                    .anyMatch(l -> l.contains(explanation())), "the explanation is on the console at -loglevel 1:\n" + run.describe());
            assertTrue(explanation().contains(text), explanation());
        }

        void isDecidedBy(String kind, String namespace, String name, String direction, int rule, String action) {
            JsonNode d = decisive();
            String what = policy.toPrettyString();
            assertEquals(kind, d.at("/kind").asText(), what);
            assertEquals(namespace, d.at("/namespace").asText(), what);
            assertEquals(name, d.at("/name").asText(), what);
            assertEquals(direction, d.at("/direction").asText(), what);
            if (rule >= 0) assertEquals(rule, d.at("/rule").asInt(), what);
            assertEquals(action, d.at("/action").asText(), what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_networkpolicy_rule_with_a_named_port_allows_a_frontend_and_says_the_name_widens_to_every_tcp_port(Cluster c) {
        // shop/deny-all-ingress isolates front-0 too: the connection works, one api-0 would start does not (exit 255)
        Traced t = trace(c, 255, "shop", "front-0", "shop", "api-0", 8080);
        assertEquals("pass", t.report().at("/connection/verdict").asText(), t.run().describe());
        assertEquals("allowed", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
        t.isDecidedBy("NetworkPolicy", "shop", "api-ingress", "Ingress", 0, "Allow");
        assertTrue(t.decisive().at("/namedPort").asBoolean(), t.policy().toPrettyString());
        assertTrue(t.decisive().at("/yaml").asText().contains("port: http"), "the rule is quoted from the API:\n" + t.decisive());
        t.consoleSays("api-ingress");
        assertTrue(t.explanation().contains("every TCP port") || t.explanation().contains("every tcp port"), t.explanation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_peer_no_rule_matches_is_dropped_by_the_default_deny_of_the_two_policies_isolating_the_pod(Cluster c) {
        Traced t = trace(c, 255, "default", VWJT7, "shop", "api-0", 8080);
        assertEquals("denied", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
        t.isDecidedBy("NetworkPolicyDefaultDeny", "shop", "", "Ingress", -1, "Deny");
        List<String> isolating = StreamSupport.stream(t.policy().at("/isolatedBy").spliterator(), false)
                .map(n -> n.at("/namespace").asText() + "/" + n.at("/name").asText()).sorted().toList();
        assertEquals(List.of("shop/api-ingress", "shop/deny-all-ingress"), isolating, t.policy().toPrettyString());
        t.consoleSays("api-ingress");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void an_ipblock_rule_allows_a_pod_in_its_cidr_on_a_port_of_its_range(Cluster c) {
        Traced t = trace(c, 0, "default", VWJT7, "shop", "api-0", 9090);
        if (tiers(c)) {
            // allow-monitoring (an AdminNetworkPolicy) does not match this peer: it passes through tier 1 undecided
            assertTrue(!t.kinds().contains("AdminNetworkPolicy"), t.policy().toPrettyString());
        }
        t.isDecidedBy("NetworkPolicy", "shop", "api-ingress", "Ingress", 1, "Allow");
        assertEquals(0, t.decisive().at("/ipBlock").asInt(), t.policy().toPrettyString());
        assertTrue(t.decisive().at("/yaml").asText().contains("10.244.0.0/16"), t.decisive().toPrettyString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_pod_in_the_except_of_an_ipblock_is_dropped_by_the_default_deny(Cluster c) {
        Traced t = trace(c, 255, "default", CHMVH, "shop", "api-0", 9090);
        t.isDecidedBy("NetworkPolicyDefaultDeny", "shop", "", "Ingress", -1, "Deny");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void an_adminnetworkpolicy_deny_drops_dev_before_any_networkpolicy(Cluster c) {
        Traced t = trace(c, 255, "dev", "tool-0", "restricted", "db-0", 5432);
        assertEquals("denied", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
        if (tiers(c)) {
            t.isDecidedBy("AdminNetworkPolicy", "", "deny-dev-to-db", "Ingress", 0, "Deny");
            assertEquals("deny-dev", t.decisive().at("/ruleName").asText());
            t.consoleSays("deny-dev-to-db");
        } else {
            t.isDecidedBy("NetworkPolicyDefaultDeny", "restricted", "", "Ingress", -1, "Deny");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void an_adminnetworkpolicy_allow_overrides_the_networkpolicy_that_would_deny(Cluster c) {
        Traced t = trace(c, tiers(c) ? 0 : 255, "monitoring", "prom-0", "shop", "api-0", 9090);
        if (tiers(c)) {
            assertEquals("allowed", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
            t.isDecidedBy("AdminNetworkPolicy", "", "allow-monitoring", "Ingress", 0, "Allow");
            t.consoleSays("allow-monitoring");
        } else {
            t.isDecidedBy("NetworkPolicyDefaultDeny", "shop", "", "Ingress", -1, "Deny");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void an_adminnetworkpolicy_pass_hands_dev_to_the_baseline_which_denies_it(Cluster c) {
        Traced t = trace(c, tiers(c) ? 255 : 0, "dev", "tool-0", "default", T4HQW, 8080);
        if (tiers(c)) {
            assertEquals(List.of("AdminNetworkPolicy", "BaselineAdminNetworkPolicy"), t.kinds(), t.policy().toPrettyString());
            JsonNode pass = t.policy().at("/decisions/0");
            assertEquals("pass-dev", pass.at("/name").asText());
            assertEquals("Pass", pass.at("/action").asText());
            t.isDecidedBy("BaselineAdminNetworkPolicy", "", "default", "Ingress", 0, "Deny");
            t.consoleSays("default");
        } else {
            assertEquals("none", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void an_egressfirewall_denies_a_pod_the_external_cidr(Cluster c) {
        Traced t = trace(c, 255, "shop", "api-0", "", "8.8.8.8", 443);
        assertEquals("denied", t.policy().at("/outcome").asText(), t.policy().toPrettyString());
        t.isDecidedBy("EgressFirewall", "shop", "default", "Egress", 1, "Deny");
        assertTrue(t.decisive().at("/yaml").asText().contains("8.8.8.0/24"), t.decisive().toPrettyString());
        t.consoleSays("EgressFirewall");
    }
}
