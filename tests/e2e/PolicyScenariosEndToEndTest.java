package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.ovn.OvnNames;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.PolicyAcls;
import ovntrace.support.Sandboxes;

/**
 * The policy scenarios of the local cluster (issue 11): NetworkPolicies with a named port, an ipBlock with except
 * and a port range, AdminNetworkPolicies Allow/Deny/Pass, the BaselineAdminNetworkPolicy and an EgressFirewall.
 * On OVN 25.03 (ACL tiers) the admin policies decide; 23.03 renders none of them, so the NetworkPolicies do. Each
 * scenario checks the request's verdict and that the real ovn-trace output went through the deciding ACL's flow.
 */
class PolicyScenariosEndToEndTest {

    private static final String F = "fedora-deployment-7d49fddf69-";

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    /** A scenario: who talks to whom, and per OVN version the verdict and the match of the ACL that decides. */
    private record Scenario(String id, List<String> args, boolean passes25, String acl25, boolean passes23, String acl23) {
        @Override
        public String toString() {
            return id;
        }
    }

    private static final String SHOP_DENY = "outport == @" + PolicyAcls.defaultDenyPortGroup("shop", "Ingress");
    private static final String API_PG = PolicyAcls.policyPortGroup("shop", "api-ingress");
    private static final String RANGE_FROM_CLUSTER = "ip4.src == 10.244.0.0/16 && ip4.src != {10.244.2.0/24} && tcp && "
            + "9000<=tcp.dst<=9100 && outport == @" + API_PG;

    private static String admin(String type, String name, int rule, String l4) {
        String pg = OvnNames.hash("default-network-controller:" + type + ":" + name);
        String as = OvnNames.hash("default-network-controller:" + type + ":" + name + ":Ingress:" + rule + ":v4");
        return "outport == @" + pg + " && ((ip4.src == $" + as + "))" + l4;
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("N1 frontend to the api's named port", pod("shop", "front-0", "shop", "api-0", 8080),
                        true, "&& tcp && outport == @" + API_PG, true, "&& tcp && outport == @" + API_PG),
                new Scenario("N2 default to the api's http port", pod("default", F + "vwjt7", "shop", "api-0", 8080),
                        false, SHOP_DENY, false, SHOP_DENY),
                new Scenario("N3 default into the ipBlock's port range", pod("default", F + "vwjt7", "shop", "api-0", 9090),
                        true, RANGE_FROM_CLUSTER, true, RANGE_FROM_CLUSTER),
                new Scenario("N4 an excepted address", pod("default", F + "chmvh", "shop", "api-0", 9090),
                        false, SHOP_DENY, false, SHOP_DENY),
                new Scenario("A1 dev to the database", pod("dev", "tool-0", "restricted", "db-0", 5432),
                        false, admin("AdminNetworkPolicy", "deny-dev-to-db", 0, ""),
                        false, "outport == @" + PolicyAcls.defaultDenyPortGroup("restricted", "Ingress")),
                new Scenario("A2 monitoring scrapes the api", pod("monitoring", "prom-0", "shop", "api-0", 9090),
                        true, admin("AdminNetworkPolicy", "allow-monitoring", 0, " && tcp && tcp.dst==9090"),
                        false, SHOP_DENY),
                new Scenario("A3 dev to default is passed to the baseline", pod("dev", "tool-0", "default", F + "t4hqw", 8080),
                        false, admin("BaselineAdminNetworkPolicy", "default", 0, ""), true, ""),
                new Scenario("E1 shop to 8.8.8.8 https", List.of("-src-namespace", "shop", "-src", "api-0",
                        "-dst-ip", "8.8.8.8", "-tcp", "-dst-port", "443"),
                        false, "(ip4.dst == 8.8.8.0/24) && inport == @" + PolicyAcls.namespacePortGroup("shop")
                                + " && ((tcp && ( tcp.dst == 443 )))",
                        false, "(ip4.dst == 8.8.8.0/24) && inport == @" + PolicyAcls.namespacePortGroup("shop")
                                + " && ((tcp && ( tcp.dst == 443 )))"));
    }

    static Stream<Arguments> clustersAndScenarios() {
        return Sandboxes.pairwise().flatMap(c -> scenarios().map(s -> Arguments.of(c, s)));
    }

    private static List<String> pod(String srcNs, String src, String dstNs, String dst, int port) {
        return List.of("-src-namespace", srcNs, "-src", src, "-dst-namespace", dstNs, "-dst", dst, "-tcp",
                "-dst-port", Integer.toString(port));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clustersAndScenarios")
    void theRequestGetsTheVerdictOfTheAclThatDecides(Sandboxes.Cluster cluster, Scenario s) {
        boolean tiers = cluster.version().aclTiers();
        List<String> args = new ArrayList<>(List.of("-kubeconfig", Sandboxes.of(cluster).kubeconfig().toString(),
                "-loglevel", "2"));
        args.addAll(s.args());
        OvntraceCli.Run r = OvntraceCli.run(args.toArray(String[]::new));
        String all = r.stdout() + r.stderr();
        String request = all.lines().filter(l -> l.startsWith("ovntrace request ")).findFirst()
                .orElseThrow(() -> new AssertionError("no request verdict\n" + r.describe()));
        boolean passes = tiers ? s.passes25() : s.passes23();
        assertTrue(request.contains(passes ? ": PASS" : ": FAIL"), request + "\n" + r.describe());
        String acl = tiers ? s.acl25() : s.acl23();
        assertTrue(all.contains(acl), "the trace goes through the ACL flow " + acl + "\n" + r.describe());
        if (cluster.version() == OvnVersion.V23_03) {
            assertTrue(!all.contains("reg8[30..31]"), "no tiers on 23.03");
        }
    }
}
