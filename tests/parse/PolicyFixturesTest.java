package ovntrace.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ovntrace.support.Fixtures;

/**
 * The policy fixtures of tests/fixtures/policy, captured from the local cluster's default topology (issue 11): what
 * the real ovn-trace prints for a request an ipBlock rule allows, one an AdminNetworkPolicy passes to the baseline
 * that denies it, and one an EgressFirewall denies.
 */
class PolicyFixturesTest {

    @Test
    void anAdminNetworkPolicyPassMovesToTheNextTierWhereTheBaselineDrops() {
        String out = Fixtures.load("policy/anp-pass-then-banp-deny-25.03.txt").output();
        OvnTrace t = OvnTraceParser.parse(out);
        assertFalse(t.delivered());
        OvnStage decision = t.drop().orElseThrow().aclDecision().orElseThrow();
        assertEquals("ls_out_acl_eval", decision.name());
        assertTrue(decision.match().startsWith("reg8[30..31] == 3 && reg0[9] == 1 && (outport == @"), decision.match());
        assertEquals(2750, decision.priority(), "BANP priority 1750, plus northd's 1000");
        assertTrue(out.contains("reg8[30..31] == 1 && (outport == @"), "the pass flow in tier 1");
    }

    @Test
    void anIpBlockRuleAllowsAfterTheEmptyTiersAndOn2303WithoutThem() {
        OvnTrace tiered = OvnTraceParser.parse(Fixtures.load("policy/ipblock-range-allowed-through-tiers-25.03.txt").output());
        assertTrue(tiered.delivered());
        OvnTrace flat = OvnTraceParser.parse(Fixtures.load("policy/ipblock-range-allowed-23.03.txt").output());
        assertTrue(flat.delivered());
    }

    @Test
    void anEgressFirewallDropEndsInTheOutgoingAclStageOfThePodsSwitch() {
        OvnTrace t = OvnTraceParser.parse(Fixtures.load("policy/egress-firewall-deny-25.03.txt").output());
        OvnTrace.DropSite drop = t.drop().orElseThrow();
        assertEquals("ls_out_acl_action", drop.stage().name());
        assertTrue(drop.aclDecision().orElseThrow().match().contains("(ip4.dst == 8.8.8.0/24) && inport == @"));
    }
}
