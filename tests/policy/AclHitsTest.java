package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.policy.AclHits.AclHit;
import ovntrace.parse.OvnTraceParser;
import ovntrace.support.Fixtures;

/** The ACLs a real ovn-trace shows deciding, on OVN 23.03 (one ACL stage) and 25.03 (_eval/_action, tiers). */
class AclHitsTest {

    private static AclHits.Found hits(String fixture) {
        return AclHits.fromOvnTrace(OvnTraceParser.parse(Fixtures.output(fixture)), "ovn-worker");
    }

    @Test
    void an_allow_related_networkpolicy_acl_is_found_with_its_own_priority_and_match_on_both_versions() {
        AclHit v23 = new AclHit("ovn-worker", "to-lport", "ls_out_acl", 1001, -1,
                "ip4.src == {$a7035772016866163539} && tcp && outport == @a4540115577604692212", AclAction.ALLOW_RELATED, "");
        assertEquals(List.of(v23), hits("policy-23.03/N1-request-ovn-trace-ct-new.txt").hits());
        assertEquals(List.of(new AclHit("ovn-worker", "to-lport", "ls_out_acl_eval", 1001, 2, v23.match(),
                AclAction.ALLOW_RELATED, "")), hits("policy-25.03/N1-request-ovn-trace-ct-new.txt").hits());
    }

    @Test
    void a_pass_in_tier_1_then_a_drop_in_tier_3_are_two_hits_in_order_and_the_per_tier_defaults_are_none() {
        List<AclHit> found = hits("policy-25.03/A3-request-ovn-trace-ct-new.txt").hits();
        assertEquals(List.of(AclAction.PASS, AclAction.DROP), found.stream().map(AclHit::action).toList());
        assertEquals(List.of(28000, 1750), found.stream().map(AclHit::priority).toList());
        assertEquals(List.of(1, 3), found.stream().map(AclHit::tier).toList());
    }

    @Test
    void a_default_deny_drop_is_a_drop_on_both_versions() {
        for (String v : List.of("23.03", "25.03")) {
            List<AclHit> found = hits("policy-" + v + "/N2-request-ovn-trace-ct-new.txt").hits();
            assertEquals(1, found.size(), v);
            assertEquals(AclAction.DROP, found.get(0).action(), v);
            assertEquals(1000, found.get(0).priority(), v);
        }
    }

    @Test
    void a_reply_conntrack_lets_through_is_no_acl_decision_but_is_said() {
        AclHits.Found reply = hits("ic/external-ip-reply-unsnat-ovn-trace.txt");
        assertTrue(reply.hits().isEmpty(), reply.hits().toString());
        assertTrue(reply.establishedReply());
        assertEquals(Explainer.REPLY, Explainer.explain(List.of(), true, PolicyObjects.NONE, LegEnds.NONE).explanation());
    }

    @Test
    void a_trace_through_no_policy_has_neither() {
        AclHits.Found none = hits("ic/cross-node-ovn-trace.txt");
        assertEquals(AclHits.Found.NOTHING, none);
        assertEquals(LegPolicy.NONE, Explainer.explain(List.of(), false, PolicyObjects.NONE, LegEnds.NONE));
    }
}
