package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.ovn.LogicalTopology;
import ovntrace.ovn.NbTxn;
import ovntrace.ovn.OvnNames;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.PolicyAcls;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.Zone;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyReader;

/**
 * The policy ACL rows a zone gets, exactly as ovn-kubernetes writes them (names, external_ids, priorities, matches,
 * directions, tiers), on OVN 25.03 (ACL tiers) and 23.03 (no tiers: no AdminNetworkPolicy rows at all).
 */
class PolicyPlanTest {

    private static final String IDS = "external_ids:\"k8s.ovn.org/owner-controller\"=\"default-network-controller\" ";
    private final Topology topology = TopologyReader.defaultTopology();
    private final SandboxLayout layout = new SandboxLayout(Path.of("/run/plan-test"));

    @Test
    void anAdminNetworkPolicyAllowIsATierOneAllowRelatedAtThirtyThousandMinusAHundredTimesItsPriority() {
        assertEquals("create acl name=\"ANP:allow-monitoring:Ingress:0\" direction=to-lport priority=29500 "
                + "match=\"outport == @" + pg("AdminNetworkPolicy", "allow-monitoring") + " && ((ip4.src == $"
                + OvnNames.hash("default-network-controller:AdminNetworkPolicy:allow-monitoring:Ingress:0:v4")
                + ")) && tcp && tcp.dst==9090\" action=allow-related log=false tier=1 "
                + "external_ids:\"k8s.ovn.org/name\"=\"allow-monitoring\" external_ids:\"direction\"=\"Ingress\" "
                + "external_ids:\"gress-index\"=\"0\" external_ids:\"port-policy-protocol\"=\"tcp\" " + IDS
                + "external_ids:\"k8s.ovn.org/owner-type\"=\"AdminNetworkPolicy\" "
                + "external_ids:\"k8s.ovn.org/id\"=\"default-network-controller:AdminNetworkPolicy:allow-monitoring:"
                + "Ingress:0:tcp\"", acl(V25, "ovn-worker", "ANP:allow-monitoring:Ingress:0"));
    }

    @Test
    void anAdminNetworkPolicyPassAndTheBaselineDenyAreTierOnePassAndTierThreeDrop() {
        String pass = acl(V25, "ovn-worker", "ANP:pass-dev:Ingress:0");
        assertTrue(pass.contains(" direction=to-lport priority=28000 match=\"outport == @" + pg("AdminNetworkPolicy", "pass-dev")
                + " && ((ip4.src == $" + OvnNames.hash("default-network-controller:AdminNetworkPolicy:pass-dev:Ingress:0:v4")
                + "))\" action=pass log=false tier=1 "), pass);
        assertTrue(pass.contains("external_ids:\"port-policy-protocol\"=\"None\""), "no ports: protocol None");
        assertEquals("create acl name=\"BANP:default:Ingress:0\" direction=to-lport priority=1750 match=\"outport == @"
                + pg("BaselineAdminNetworkPolicy", "default") + " && ((ip4.src == $"
                + OvnNames.hash("default-network-controller:BaselineAdminNetworkPolicy:default:Ingress:0:v4")
                + "))\" action=drop log=false tier=3 external_ids:\"k8s.ovn.org/name\"=\"default\" "
                + "external_ids:\"direction\"=\"Ingress\" external_ids:\"gress-index\"=\"0\" "
                + "external_ids:\"port-policy-protocol\"=\"None\" " + IDS
                + "external_ids:\"k8s.ovn.org/owner-type\"=\"BaselineAdminNetworkPolicy\" "
                + "external_ids:\"k8s.ovn.org/id\"=\"default-network-controller:BaselineAdminNetworkPolicy:default:"
                + "Ingress:0:None\"", acl(V25, "ovn-worker", "BANP:default:Ingress:0"));
    }

    @Test
    void anEgressFirewallDenyIsAToLportDropOnTheNamespacePortGroupWithOvnKubernetesSpacing() {
        String nsPg = PolicyAcls.namespacePortGroup("shop");
        assertEquals(OvnNames.hash("default-network-controller:Namespace:shop"), nsPg);
        assertEquals("create acl name=\"EF:shop:1\" direction=to-lport priority=9999 match=\"(ip4.dst == 8.8.8.0/24) "
                + "&& inport == @" + nsPg + " && ((tcp && ( tcp.dst == 443 )))\" action=drop log=false tier=2 "
                + "external_ids:\"k8s.ovn.org/name\"=\"shop\" external_ids:\"rule-index\"=\"1\" " + IDS
                + "external_ids:\"k8s.ovn.org/owner-type\"=\"EgressFirewall\" "
                + "external_ids:\"k8s.ovn.org/id\"=\"default-network-controller:EgressFirewall:shop:1\"",
                acl(V25, "ovn-worker", "EF:shop:1"));
        assertTrue(plan(V25, "ovn-worker").contains("pg-add " + nsPg + " shop_api-0 -- "), "api-0 runs on ovn-worker");
    }

    @Test
    void anIpBlockWithExceptAndAPortRangeIsOneAclWithItsIpBlockIndex() {
        String pg = PolicyAcls.policyPortGroup("shop", "api-ingress");
        assertEquals("create acl name=\"NP:shop:api-ingress:Ingress:1\" direction=to-lport priority=1001 "
                + "match=\"ip4.src == 10.244.0.0/16 && ip4.src != {10.244.2.0/24} && tcp && 9000<=tcp.dst<=9100 "
                + "&& outport == @" + pg + "\" action=allow-related log=false "
                + "external_ids:\"k8s.ovn.org/name\"=\"shop:api-ingress\" external_ids:\"direction\"=\"Ingress\" "
                + "external_ids:\"gress-index\"=\"1\" external_ids:\"port-policy-protocol\"=\"tcp\" "
                + "external_ids:\"ip-block-index\"=\"0\" " + IDS
                + "external_ids:\"k8s.ovn.org/owner-type\"=\"NetworkPolicy\" "
                + "external_ids:\"k8s.ovn.org/id\"=\"default-network-controller:NetworkPolicy:shop:api-ingress:"
                + "Ingress:1:tcp:0\"", acl(V23, "ovn-worker", "NP:shop:api-ingress:Ingress:1"),
                "23.03: no tier column");
    }

    @Test
    void aNetworkPolicyNamedPortMatchesEveryPortOfItsProtocolAsOvnKubernetesReadsItAsPortZero() {
        String acl = acl(V25, "ovn-worker", "NP:shop:api-ingress:Ingress:0");
        String peers = OvnNames.hash("default-network-controller:PodSelector:shop_tier in (frontend):v4");
        assertTrue(acl.contains(" match=\"ip4.src == {$" + peers + "} && tcp && outport == @"
                + PolicyAcls.policyPortGroup("shop", "api-ingress") + "\" action=allow-related log=false tier=2 "), acl);
        assertTrue(plan(V25, "ovn-worker").contains("name=" + peers + " addresses=[\"10.244.0.5\"]"), "front-0");
    }

    @Test
    void anAdminNetworkPolicyNamedPortResolvesToTheSubjectPodsContainerPorts() throws Exception {
        Topology t = TopologyReader.parse("""
                nodes: [{name: a}]
                pods:
                  - {namespace: web, name: w1, node: a, ip: 10.244.0.9, ports: [{name: http, containerPort: 8080}]}
                  - {namespace: web, name: w2, node: a, ip: 10.244.0.10, ports: [{name: http, containerPort: 8081}]}
                  - {namespace: web, name: w3, node: a, ip: 10.244.0.11}
                adminNetworkPolicies:
                  - name: web
                    priority: 0
                    subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}}
                    ingress:
                      - {name: http, action: Allow, from: [{namespaces: {}}], ports: [{namedPort: http}]}
                    egress:
                      - name: range
                        action: Deny
                        to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {x: y}}}}]
                        ports: [{portRange: {protocol: UDP, start: 5000, end: 5010}}, {portNumber: {port: 53, protocol: UDP}}]
                """, "t.yaml");
        String plan = String.join(" ", LogicalTopology.forZone(t, layout.zones(t).get(0), V25).stream()
                .map(NbTxn::args).flatMap(List::stream).toList());
        String as = OvnNames.hash("default-network-controller:AdminNetworkPolicy:web:Ingress:0:v4");
        assertTrue(plan.contains("name=\"ANP:web:Ingress:0\" direction=to-lport priority=30000 match=\"((ip4.src == $"
                + as + ")) && tcp && ((ip4.dst == 10.244.0.10 && tcp.dst == 8081) || (ip4.dst == 10.244.0.9 && tcp.dst == 8080))\""
                + " action=allow-related log=false tier=1 "), plan);
        assertTrue(plan.contains("external_ids:\"port-policy-protocol\"=\"tcp-namedPort\""));
        assertFalse(plan.contains("ANP:web:Ingress:0:None"), "only named ports: no catch-all ACL");
        assertTrue(plan.contains("name=\"ANP:web:Egress:0\" direction=from-lport priority=30000 match=\"inport == @"
                + pg("AdminNetworkPolicy", "web") + " && ((ip4.dst == $"
                + OvnNames.hash("default-network-controller:AdminNetworkPolicy:web:Egress:0:v4")
                + ")) && udp && (udp.dst==53 || 5000<=udp.dst<=5010)\" action=drop log=false tier=1 "), plan);
        assertTrue(plan.contains("options:\"apply-after-lb\"=\"true\""), "egress ACLs apply after load balancing");
    }

    @Test
    void withoutTiersAdminPoliciesGetNoRowsWhileEveryOtherAclLosesItsTier() {
        String plan = plan(V23, "ovn-worker");
        assertFalse(plan.contains("ANP:") || plan.contains("BANP:"), "23.03 cannot express them");
        assertFalse(plan.contains(pg("AdminNetworkPolicy", "allow-monitoring")), "no port group either");
        assertFalse(plan.contains("tier="), "no tier column in NB schema 7.0.0");
        assertTrue(plan.contains("name=\"EF:shop:1\""));
        String tiered = plan(V25, "ovn-worker");
        assertEquals(count(tiered, "create acl"), count(tiered, " tier="), "25.03: every ACL has a tier");
        assertEquals(count(tiered, "create acl") - count(tiered, "tier=1") - count(tiered, "tier=3"),
                count(tiered, "tier=2"));
        assertTrue(tiered.contains("direction=to-lport priority=1001 match=\"ip4.src==10.244.1.2\" action=allow-related "
                + "log=false tier=2 "), "NetpolNode in the default tier too");
    }

    @Test
    void centralModeRendersAdminPoliciesOnceWithEveryPodInTheSubjectGroup() {
        Topology central = topology.withMode(ovntrace.lib.cluster.ClusterMode.CENTRAL);
        String plan = String.join(" ", LogicalTopology.forZone(central, layout.zones(central).get(0), V25).stream()
                .map(NbTxn::args).flatMap(List::stream).toList());
        assertEquals(1, count(plan, "name=\"BANP:default:Ingress:0\""));
        assertTrue(plan.contains("pg-add " + pg("AdminNetworkPolicy", "deny-dev-to-db") + " restricted_db-0 -- "), plan);
    }

    private static final OvnVersion V25 = OvnVersion.V25_03;
    private static final OvnVersion V23 = OvnVersion.V23_03;

    private static String pg(String ownerType, String name) {
        return OvnNames.hash("default-network-controller:" + ownerType + ":" + name);
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** The ACL's create command without its {@code --id=@aclN}, found by name. */
    private String acl(OvnVersion version, String zone, String name) {
        return Arrays.stream(plan(version, zone).split(" -- ")).filter(c -> c.contains(" name=\"" + name + "\""))
                .map(c -> c.replaceFirst("^--id=@acl\\d+ ", "")).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private String plan(OvnVersion version, String zone) {
        Zone z = layout.zones(topology).stream().filter(x -> x.name().equals(zone)).findFirst().orElseThrow();
        return String.join(" ", LogicalTopology.forZone(topology, z, version).stream().map(NbTxn::args)
                .flatMap(List::stream).toList());
    }
}
