package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which policy and rule own an ACL: from ovn-kubernetes' external_ids, else from the ACL's name. */
class PolicyOwnerTest {

    private static PolicyOwner byName(String name) {
        return PolicyOwner.of(name, "to-lport", Map.of());
    }

    @Test
    void acl_names_give_the_policy_when_there_are_no_external_ids() {
        assertEquals(new PolicyOwner(PolicyKind.NETWORK_POLICY, "restricted", "allow-from-default", Direction.INGRESS, 0,
                "", -1, false, ""), byName("NP:restricted:allow-from-default:Ingress:0"));
        assertEquals(new PolicyOwner(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, "restricted", "", Direction.INGRESS, -1, "",
                -1, false, ""), byName("NP:restricted:Ingress"));
        assertEquals(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, byName("NP:restricted:ARPallowPolicy").kind());
        assertEquals(new PolicyOwner(PolicyKind.ADMIN_NETWORK_POLICY, "", "cluster-control", Direction.INGRESS, 2, "",
                -1, false, ""), byName("ANP:cluster-control:Ingress:2"));
        assertEquals(new PolicyOwner(PolicyKind.BASELINE_ADMIN_NETWORK_POLICY, "", "default", Direction.EGRESS, 0, "",
                -1, false, ""), byName("BANP:default:Egress:0"));
        assertEquals(new PolicyOwner(PolicyKind.EGRESS_FIREWALL, "team-a", "default", Direction.EGRESS, 3, "", -1,
                false, ""), byName("EF:team-a:3"));
        assertEquals(PolicyOwner.NONE, byName("my-own-acl"));
    }

    @Test
    void external_ids_win_over_a_cropped_name_and_give_the_rule() {
        assertEquals(new PolicyOwner(PolicyKind.NETWORK_POLICY, "shop", "api-ingress", Direction.INGRESS, 1, "tcp", 0,
                false, ""), PolicyOwner.of("NP:shop:api-ingr", "to-lport", Map.of(
                "k8s.ovn.org/owner-type", "NetworkPolicy", "k8s.ovn.org/name", "shop:api-ingress", "direction", "Ingress",
                "gress-index", "1", "port-policy-protocol", "tcp", "ip-block-index", "0")));
        assertEquals(new PolicyOwner(PolicyKind.NETWORK_POLICY_DEFAULT_DENY, "prod", "", Direction.EGRESS, -1, "", -1,
                false, "defaultDeny"), PolicyOwner.of("", "from-lport", Map.of("k8s.ovn.org/owner-type",
                "NetpolNamespace", "k8s.ovn.org/name", "prod", "direction", "Egress", "type", "defaultDeny")));
        assertEquals(new PolicyOwner(PolicyKind.ADMIN_NETWORK_POLICY, "", "allow-monitoring", Direction.INGRESS, 0,
                "tcp", -1, true, ""), PolicyOwner.of("ANP:allow-monitoring:Ingress:0", "to-lport", Map.of(
                "k8s.ovn.org/owner-type", "AdminNetworkPolicy", "k8s.ovn.org/name", "allow-monitoring",
                "direction", "Ingress", "gress-index", "0", "port-policy-protocol", "tcp-namedPort")));
        assertEquals(new PolicyOwner(PolicyKind.EGRESS_FIREWALL, "shop", "default", Direction.EGRESS, 1, "", -1, false,
                ""), PolicyOwner.of("EF:shop:1", "to-lport", Map.of("k8s.ovn.org/owner-type", "EgressFirewall",
                "k8s.ovn.org/name", "shop", "rule-index", "1")));
    }

    @Test
    void a_rule_without_ports_has_no_protocol_and_the_arp_allow_is_no_policy_decision() {
        PolicyOwner none = PolicyOwner.of("", "to-lport", Map.of("k8s.ovn.org/owner-type", "NetworkPolicy",
                "k8s.ovn.org/name", "a:b", "port-policy-protocol", "None"));
        assertEquals("", none.protocol());
        PolicyOwner arp = PolicyOwner.of("NP:clients:Ingress", "to-lport", Map.of("k8s.ovn.org/owner-type",
                "NetpolNamespace", "k8s.ovn.org/name", "clients", "type", "arpAllow"));
        assertEquals(false, arp.isPolicy());
    }

    @Test
    void the_policy_reads_as_namespace_and_name() {
        assertEquals("restricted (default deny)", byName("NP:restricted:Ingress").display());
        assertEquals("restricted/allow-from-default", byName("NP:restricted:allow-from-default:Ingress:0").display());
        assertEquals("deny-dev-to-db", byName("ANP:deny-dev-to-db:Ingress:0").display());
    }

    @Test
    void nbctl_json_rows_are_read_and_found_by_match_and_priority() throws Exception {
        String json = "{\"data\":[[\"NP:restricted:Ingress\",\"to-lport\",1000,\"outport == @a7288\",\"drop\","
                + "[\"map\",[[\"direction\",\"Ingress\"],[\"k8s.ovn.org/name\",\"restricted\"],"
                + "[\"k8s.ovn.org/owner-type\",\"NetpolNamespace\"]]]],"
                + "[[\"set\",[]],\"from-lport\",1001,\"inport == @x\",\"allow\",[\"map\",[]]]],"
                + "\"headings\":[\"name\",\"direction\",\"priority\",\"match\",\"action\",\"external_ids\"]}";
        AclDirectory acls = AclDirectory.parseNbctlJson(json);
        assertEquals(2, acls.rows().size());
        AclDirectory.Row deny = acls.find("to-lport", 1000, "outport ==  @a7288").orElseThrow();
        assertEquals("NP:restricted:Ingress", deny.name());
        assertEquals("NetpolNamespace", deny.externalIds().get("k8s.ovn.org/owner-type"));
        assertEquals("", acls.rows().get(1).name());
        assertEquals(true, acls.find("from-lport", 1000, "outport == @a7288").isEmpty());
    }
}
