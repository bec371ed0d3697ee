package ovntrace.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.support.Fixtures;

class OvnTraceParserTest {

    private static final OvnTrace DOCS = OvnTraceParser.parse(Fixtures.output("docs/ovn-trace-ic-cross-node.txt"));

    @Test
    void docs_example_visits_the_node_switch_the_cluster_router_and_the_transit_switch_in_order() {
        assertEquals(List.of("ingress ovn-worker2", "egress ovn-worker2", "ingress ovn_cluster_router",
                        "egress ovn_cluster_router", "ingress transit_switch", "egress transit_switch"),
                DOCS.pipelines().stream().map(p -> p.kind() + " " + p.datapath()).toList());
        assertEquals(List.of("ovn-worker2", "ovn_cluster_router", "transit_switch"), DOCS.datapaths());
        assertEquals(List.of(false, false, true, true, false, false),
                DOCS.pipelines().stream().map(OvnPipeline::router).toList());
        OvnPipeline routerEgress = DOCS.pipelines().get(3);
        assertEquals("rtos-ovn-worker2", routerEgress.inport());
        assertEquals("rtots-ovn-worker2", routerEgress.outport());
    }

    @Test
    void docs_example_leaves_through_the_remote_transit_port_and_is_not_dropped() {
        assertEquals(List.of(new OvnOutput("transit_switch", "tstor-ovn-worker", "remote")), DOCS.finalOutputs());
        assertEquals(List.of("stor-ovn-worker2", "rtots-ovn-worker2", "tstor-ovn-worker"),
                DOCS.outputs().stream().map(OvnOutput::port).toList());
        assertTrue(DOCS.delivered());
        assertTrue(DOCS.drop().isEmpty());
        assertTrue(DOCS.errors().isEmpty());
        assertEquals("udp,reg14=0x3,vlan_tci=0x0000,dl_src=0a:58:0a:f4:02:03,dl_dst=0a:58:0a:f4:02:01,"
                + "nw_src=10.244.2.3,nw_dst=10.244.1.6,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=52888,tp_dst=53",
                DOCS.microflow());
    }

    @Test
    void a_logical_flow_line_splits_into_table_stage_source_match_priority_uuid_and_actions() {
        OvnStage lookup = DOCS.pipelines().get(0).stages().stream().filter(s -> s.table() == 27).findFirst().orElseThrow();
        assertEquals(new OvnStage(27, "ls_in_l2_lkup", "northd.c:9407",
                "eth.dst == { 0a:58:a9:fe:01:01, 0a:58:0a:f4:02:01 }", 50, "b29511a2",
                List.of("outport = \"stor-ovn-worker2\";", "output;"), "", false), lookup);
        OvnStage routing = DOCS.pipelines().get(2).stages().stream().filter(s -> s.table() == 13).findFirst().orElseThrow();
        assertEquals("reg7 == 0 && ip4.dst == 10.244.1.0/24", routing.match());
        assertEquals(8, routing.actions().size());
        assertTrue(routing.onRouter());
    }

    @Test
    void the_conntrack_step_is_recorded_on_the_flow_it_leads_into() {
        List<OvnStage> ingress = DOCS.pipelines().get(0).stages();
        OvnStage preStateful = ingress.stream().filter(s -> s.table() == 6).findFirst().orElseThrow();
        OvnStage hint = ingress.stream().filter(s -> s.table() == 7).findFirst().orElseThrow();
        assertEquals("ct_lb_mark /* default (use --ct to customize) */", hint.via());
        assertTrue(preStateful.actions().contains("ct_lb_mark;"));
        assertTrue(preStateful.natActions().isEmpty(), "a bare ct_lb_mark is conntrack, not load balancing");
    }

    @Test
    void every_line_of_the_docs_output_is_accounted_for() {
        long nonBlank = Fixtures.output("docs/ovn-trace-ic-cross-node.txt").lines().filter(l -> !l.isBlank()).count();
        int pipelines = DOCS.pipelines().size();
        long stages = DOCS.pipelines().stream().mapToLong(p -> p.stages().size()).sum();
        long actions = DOCS.pipelines().stream().flatMap(p -> p.stages().stream()).mapToLong(s -> s.actions().size()).sum();
        long transformations = DOCS.pipelines().stream().flatMap(p -> p.stages().stream()).filter(s -> !s.via().isEmpty()).count();
        // microflow + (header + dashes) per pipeline + flow lines + action lines + the dashes under each ct title
        assertEquals(nonBlank, 1 + 2L * pipelines + stages + actions + transformations + DOCS.unparsed().size());
        assertTrue(DOCS.unparsed().isEmpty(), DOCS.unparsed().toString());
    }

    @Test
    void lines_it_does_not_understand_are_kept() {
        String docs = Fixtures.output("docs/ovn-trace-ic-cross-node.txt");
        String noisy = "2024-01-01T00:00:00Z|00001|ovntrace|WARN|something odd\n" + docs
                .replace("egress(dp=\"ovn-worker2\"", "something unexpected\n\negress(dp=\"ovn-worker2\"");
        OvnTrace t = OvnTraceParser.parse(noisy);
        assertTrue(t.unparsed().contains("2024-01-01T00:00:00Z|00001|ovntrace|WARN|something odd"), t.unparsed().toString());
        assertTrue(t.pipelines().get(0).stages().get(t.pipelines().get(0).stages().size() - 1).actions()
                .contains("something unexpected"), "an unknown line under a flow stays with that flow");
        assertEquals(DOCS.pipelines().size(), t.pipelines().size());
    }

    @Test
    void an_error_instead_of_a_trace_is_kept_and_yields_no_pipeline() {
        OvnTrace t = OvnTraceParser.parse("unknown port \"default_nope\"\n");
        assertTrue(t.pipelines().isEmpty());
        assertEquals(List.of("unknown port \"default_nope\""), t.unparsed());
        assertFalse(t.delivered());
        assertTrue(t.drop().isEmpty());
    }

    @Test
    void empty_or_missing_output_parses_to_nothing() {
        assertTrue(OvnTraceParser.parse("").pipelines().isEmpty());
        assertTrue(OvnTraceParser.parse(null).unparsed().isEmpty());
    }
}
