package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.TestTraces;

class ReportBuilderTest {

    @Test
    void docs_example_request_passes_through_switch_router_and_transit_switch_into_the_tunnel() {
        Report r = Report.from(TestTraces.docsExample());
        LegReport request = r.connection().request();
        assertEquals(Leg.REQUEST, request.leg());
        assertEquals(Verdict.PASS, request.verdict());
        assertEquals("all 2 steps matched, 1 skipped", request.reason());
        assertEquals(List.of("ovn-worker2 switch ovn-worker2", "ovn-worker2 router ovn_cluster_router",
                "ovn-worker2 transit-switch transit_switch", "ovn-worker2 bridge br-int", "ovn-worker2 tunnel to ovn-worker"),
                request.hops().stream().map(h -> h.node() + " " + h.kind() + " " + h.name()).toList());
        assertEquals("tunnel key 0xff0003, remote 172.18.0.2", request.hops().get(4).detail());
        assertEquals("ovn-worker2", request.hops().get(0).zone());
        assertNull(request.drop());
        StepReport ofproto = request.steps().get(2);
        assertEquals(Tool.OFPROTO_TRACE, ofproto.tool());
        assertEquals("ofproto/trace", ofproto.toolName());
        assertEquals("geneve tunnel to 172.18.0.2 (tunnel key 0xff0003)", ofproto.outcome());
        assertEquals(List.of("bridge br-int", "tunnel to 172.18.0.2"),
                ofproto.hops().stream().map(h -> h.kind() + " " + h.name()).toList());
    }

    @Test
    void the_verdicts_are_the_trace_engines_and_a_leg_whose_steps_were_all_skipped_is_inconclusive() {
        TraceResult traced = TestTraces.docsExample();
        Report r = Report.from(traced);
        LegReport reverse = r.reverseInitiated();
        assertEquals(Verdict.INCONCLUSIVE, reverse.verdict());
        assertEquals("no step ran", reverse.reason());
        assertEquals("not run", reverse.steps().get(0).outcome());
        assertEquals(traced.verdict(), r.verdict());
        assertEquals(traced.connectionVerdict(), r.connection().verdict());
        assertNull(r.connection().reply(), "the reply was not traced");
        assertEquals("connection PASS (request pass, reply not traced); reverse-initiated INCONCLUSIVE: no step ran",
                r.summary());
    }

    @Test
    void request_endpoints_and_the_connection_tuple_are_carried_over() {
        Report r = Report.from(TestTraces.icService());
        assertEquals(new ReportRequest("default/fedora-deployment-7d49fddf69-t4hqw", "kube-system/kube-dns", "service",
                "udp", 53, "ip4", false, false), r.request());
        assertEquals("ic", r.mode());
        assertEquals("10.244.1.6", r.source().ip());
        assertEquals("ovn-worker2", r.destination().node());
        assertTrue(r.generatedAt().endsWith("Z"));
        LegReport request = r.connection().request();
        assertEquals(new LegReport.Tuple("udp", "10.244.1.6", 52888, "10.96.0.10", 53), request.tuple());
        assertEquals(List.of("DNAT 10.96.0.10:53 → 10.244.2.4:53 (load balancer of Service kube-system/kube-dns)"),
                request.translations());
    }

    @Test
    void a_run_that_ended_before_tracing_has_a_connection_without_legs() {
        Report r = Report.unfinished(null, "no such pod default/x");
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertEquals(Verdict.INCONCLUSIVE, r.connection().verdict());
        assertNull(r.connection().request());
        assertNull(r.reverseInitiated());
        assertEquals(List.of(), r.legs());
        assertEquals("not traced: no such pod default/x", r.summary());
    }
}
