package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AclNamesTest {

    @Test
    void ovn_kubernetes_acl_names_give_the_policy() {
        assertArrayEquals(new String[] {"NetworkPolicy", "restricted", "allow-from-default"},
                AclNames.owner("NP:restricted:allow-from-default:Ingress:0", Map.of()));
        assertArrayEquals(new String[] {"NetworkPolicy", "restricted", ""}, AclNames.owner("NP:restricted:Ingress", Map.of()));
        assertArrayEquals(new String[] {"NetworkPolicy", "restricted", ""},
                AclNames.owner("NP:restricted:ARPallowPolicy", Map.of()));
        assertArrayEquals(new String[] {"AdminNetworkPolicy", "", "cluster-control"},
                AclNames.owner("ANP:cluster-control:Ingress:2", Map.of()));
        assertArrayEquals(new String[] {"EgressFirewall", "team-a", ""}, AclNames.owner("EF:team-a:3", Map.of()));
        assertArrayEquals(new String[] {"", "", ""}, AclNames.owner("my-own-acl", Map.of()));
    }

    @Test
    void external_ids_win_over_the_name() {
        assertArrayEquals(new String[] {"NetworkPolicy", "prod", "db-allow"}, AclNames.owner("truncated-name",
                Map.of("k8s.ovn.org/owner-type", "NetworkPolicy", "k8s.ovn.org/name", "prod:db-allow")));
        assertArrayEquals(new String[] {"NetworkPolicy", "prod", ""}, AclNames.owner("",
                Map.of("k8s.ovn.org/owner-type", "NetpolNamespace", "k8s.ovn.org/name", "prod")));
    }

    @Test
    void the_policy_reads_as_namespace_and_name() {
        assertEquals("restricted (default deny)", AclNames.describe("NP:restricted:Ingress", "to-lport", 1000,
                "outport == @a1", "drop", Map.of()).policy());
        assertEquals("restricted/allow-from-default", AclNames.describe("NP:restricted:allow-from-default:Ingress:0",
                "to-lport", 1001, "m", "allow-related", Map.of()).policy());
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
