package ovntrace.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shapes OVN 24+ / OVS 3.5 give an ACL drop, as /work/shared/reference/ovn-25.03-output.md describes them
 * (observed on 25.03): tiered ACL stages, no {@code drop;} in ovn-trace, no OpenFlow {@code drop} in the dropping
 * pass, {@code /* drop *}{@code /} logical actions and the ACL annotation on the {@code _eval} flow in ovn-detrace.
 * The excerpts below are cut down to the lines that carry those shapes (not captures; the captured outputs are in
 * tests/fixtures). Each of these failed before the parsers looked past 23.03's shapes.
 */
class TieredAclShapesTest {

    private static final String EGRESS_DROP = """
            egress(dp="ovn-worker2", inport="rtos-ovn-worker2", outport="restricted_db-0")
            ------------------------------------------------------------------------------
             2. ls_out_pre_acl (northd.c:6303): ip, priority 100, uuid 406ba9b2
                reg0[0] = 1;
                next;
             5. ls_out_acl_hint (northd.c:6855): ct.new && !ct.est, priority 7, uuid 7a1ef30d
                reg0[7] = 1;
                reg0[9] = 1;
                next;
             6. ls_out_acl_eval (northd.c:7252): reg0[9] == 1 && (outport == @a15582667452452073255), priority 2000, uuid 13731934
                reg8[17] = 1;
                next;
             7. ls_out_acl_sample (northd.c:7374): 1, priority 0, uuid 5b1c0a51
                next;
             8. ls_out_acl_action (northd.c:7407): reg8[17] == 1, priority 1000, uuid 2c0f9e07
                reg8[16] = 0;
                reg8[17] = 0;
                reg8[18] = 0;
            """;

    @Test
    void ovn_trace_of_a_tiered_acl_drop_ends_at_the_action_stage_with_the_decision_in_acl_eval() {
        OvnTrace t = OvnTraceParser.parse(EGRESS_DROP);
        assertFalse(t.delivered());
        OvnTrace.DropSite site = t.drop().orElseThrow();
        assertEquals("ls_out_acl_action", site.stage().name());
        assertEquals(DropKind.PIPELINE_ENDS, site.kind(), "25.03 prints no drop;");
        OvnStage decision = site.aclDecision().orElseThrow();
        assertEquals("ls_out_acl_eval", decision.name());
        assertEquals("outport == @a15582667452452073255", AclStage.aclMatch(decision.match()));
        assertEquals(1000, AclStage.aclPriority(decision.priority()));
    }

    @Test
    void an_ingress_acl_after_load_balancing_is_found_in_its_own_family() {
        OvnTrace t = OvnTraceParser.parse("""
                ingress(dp="ovn-worker", inport="default_client")
                -------------------------------------------------
                12. ls_in_acl_eval (northd.c:7252): reg0[8] == 1 && (inport == @a1), priority 2001, uuid 11111111
                    reg8[16] = 1;
                    next;
                14. ls_in_acl_action (northd.c:7407): reg8[16] == 1, priority 1000, uuid 22222222
                    reg8[16] = 0;
                    reg8[17] = 0;
                    reg8[18] = 0;
                    next;
                20. ls_in_acl_after_lb_eval (northd.c:7252): reg0[9] == 1 && (ip4.dst == 10.96.0.10), priority 1500, uuid 33333333
                    reg8[17] = 1;
                    next;
                21. ls_in_acl_after_lb_sample (northd.c:7374): 1, priority 0, uuid 44444444
                    next;
                22. ls_in_acl_after_lb_action (northd.c:7407): reg8[17] == 1, priority 1000, uuid 55555555
                    reg8[16] = 0;
                    reg8[17] = 0;
                    reg8[18] = 0;
                """);
        OvnTrace.DropSite site = t.drop().orElseThrow();
        assertEquals("ls_in_acl_after_lb_action", site.stage().name());
        OvnStage decision = site.aclDecision().orElseThrow();
        assertEquals("ls_in_acl_after_lb_eval", decision.name(), "not the allow verdict of ls_in_acl_eval before it");
        assertEquals("ip4.dst == 10.96.0.10", AclStage.aclMatch(decision.match()));
        assertEquals(500, AclStage.aclPriority(decision.priority()));
    }

    @Test
    void acl_stage_names_are_read_by_family_and_step_not_by_table() {
        assertEquals(Optional.of(new AclStage("ls_out_acl", AclStage.Step.SINGLE)), AclStage.of("ls_out_acl"));
        assertEquals(Optional.of(new AclStage("ls_in_acl_after_lb", AclStage.Step.ACTION)),
                AclStage.of("ls_in_acl_after_lb_action"));
        assertEquals(Optional.of(new AclStage("ls_out_acl", AclStage.Step.SAMPLE)), AclStage.of("ls_out_acl_sample"));
        assertEquals(Optional.empty(), AclStage.of("ls_out_pre_acl"), "pre-ACL stages decide nothing");
        assertFalse(AclStage.of("ls_in_acl_hint").orElseThrow().decides());
        assertTrue(AclStage.of("ls_in_acl_eval").orElseThrow().decides());
        assertEquals("outport == @a1 && tcp", AclStage.aclMatch("reg8[30..31] == 2 && reg0[9] == 1 && (outport == @a1 && tcp)"),
                "a tier test in front of the wrapped match");
    }

    /** The dropping pass of OVS 3.5's ofproto/trace, with ovn-detrace's annotations (OpenFlow tables shifted). */
    private static final String DETRACE_DROP = """
            Flow: recirc_id=0x8,ct_state=new|trk,ct_zone=4,eth,tcp,reg15=0x4,metadata=0x3,in_port=ANY,nw_src=10.244.2.4,nw_dst=10.244.2.5,tp_dst=5432

            bridge("br-int")
            ----------------
            thaw
            Resuming from table 50
            50. ct_state=+new-est+trk,metadata=0x3, priority 7, cookie 0x7a1ef30d
            set_field:0x80000000000000000000000000/0x80000000000000000000000000->xxreg0
            resubmit(,51)
              * Logical datapaths:
              *     "ovn-worker2" (3df46932-2ffc-4b5a-bc89-654e38d0944d) [egress]
              * Logical flow: table=5 (ls_out_acl_hint), priority=7, match=(ct.new && !ct.est), actions=(reg0[7] = 1; reg0[9] = 1; next;)
            51. reg0=0x200/0x200,reg15=0x4,metadata=0x3, priority 2000, cookie 0x13731934
            set_field:0x2000000000000/0x2000000000000->xreg4
            resubmit(,52)
              * Logical datapaths:
              *     "ovn-worker2" (3df46932-2ffc-4b5a-bc89-654e38d0944d) [egress]
              * Logical flow: table=6 (ls_out_acl_eval), priority=2000, match=(reg0[9] == 1 && (outport == @a15582667452452073255)), actions=(reg8[17] = 1; next;)
               * ACL: to-lport, priority=1000, match=(outport == @a15582667452452073255), drop
            52. metadata=0x3, priority 0, cookie 0x5b1c0a51
            resubmit(,53)
              * Logical datapaths:
              *     "ovn-worker2" (3df46932-2ffc-4b5a-bc89-654e38d0944d) [egress]
              * Logical flow: table=7 (ls_out_acl_sample), priority=0, match=(1), actions=(next;)
            53. reg8=0x20000/0x20000,metadata=0x3, priority 1000, cookie 0x2c0f9e07
            set_field:0/0x7000000000000->xreg4
              * Logical datapaths:
              *     "ovn-worker2" (3df46932-2ffc-4b5a-bc89-654e38d0944d) [egress]
              * Logical flow: table=8 (ls_out_acl_action), priority=1000, match=(reg8[17] == 1), actions=(reg8[16] = 0; reg8[17] = 0; reg8[18] = 0; /* drop */)

            Final flow: unchanged
            Megaflow: recirc_id=0x8,ct_state=+new-est-rel-rpl-inv+trk,eth,ip,in_port=ANY,nw_frag=no
            Datapath actions: drop
            """;

    @Test
    void ofproto_trace_of_a_pass_that_ends_without_a_drop_action_drops_at_its_last_table() {
        OfprotoTrace of = OfprotoTraceParser.parse(DETRACE_DROP);
        assertTrue(of.dropped());
        OfprotoTrace.DropSite site = of.drop().orElseThrow();
        assertEquals("0x2c0f9e07", site.table().cookie());
        assertEquals(DropKind.PIPELINE_ENDS, site.kind());
        assertFalse(site.table().drops(), "no drop action in the table");
    }

    @Test
    void ovn_detrace_drops_at_the_acl_action_flow_and_takes_the_acl_from_the_eval_flow() {
        Detrace d = DetraceParser.parse(DETRACE_DROP);
        Detrace.Annotated dropping = d.dropping().orElseThrow();
        DetraceAnnotation.LogicalFlow flow = dropping.logicalFlow().orElseThrow();
        assertEquals("ls_out_acl_action", flow.stage());
        assertTrue(flow.drops(), flow.actions());
        assertTrue(dropping.all(DetraceAnnotation.Acl.class).isEmpty(), "25.03 annotates the _eval flow, not this one");
        assertEquals(new DetraceAnnotation.Acl("to-lport", 1000, "outport == @a15582667452452073255", "drop", false),
                d.droppingAcl().orElseThrow());
        assertTrue(d.ofproto().unparsed().isEmpty(), d.ofproto().unparsed().toString());
    }

    @Test
    void the_new_ct_and_tunnel_spellings_read_as_before() {
        DatapathActions a = DatapathActions.parse("ct(commit,zone=5,mark=0/0x41,label=0/0xffff00000000000000000000,"
                + "nat(src)),set(tunnel(tun_id=0xff0003,src=127.0.0.3,dst=127.0.0.4,ttl=64,tp_dst=6081,"
                + "geneve({class=0x102,type=0x80,len=4,0x30004}),flags(df|csum|key))),set(eth(src=0a:58:64:58:00:03)),1");
        assertEquals(List.of("ct(commit,zone=5,mark=0/0x41,label=0/0xffff00000000000000000000,nat(src))"), a.conntrack());
        assertEquals(new TunnelOutput("0xff0003", "127.0.0.4", "0x30004", "kernel"), a.tunnel().orElseThrow(),
                "the destination, not the new src= address");
        assertEquals(List.of("1"), a.ports());
    }
}
