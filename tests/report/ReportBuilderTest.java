package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.TestTraces;

class ReportBuilderTest {

    @Test
    void docs_example_forward_direction_passes_through_switch_router_and_transit_switch() {
        Report r = Report.from(TestTraces.docsExample());
        DirectionReport forward = r.directions().get(0);
        assertEquals("forward", forward.direction());
        assertEquals(Verdict.PASS, forward.verdict());
        assertEquals("all 2 steps matched, 1 skipped", forward.reason());
        assertEquals(List.of("switch ovn-worker2", "router ovn_cluster_router", "transit-switch transit_switch",
                "port tstor-ovn-worker"), forward.path().stream().map(h -> h.kind() + " " + h.name()).toList());
        assertEquals("remote", forward.path().get(3).outport());
        assertEquals("ovn-worker2", forward.path().get(0).zone());
        assertNull(forward.drop());
        StepReport ofproto = forward.steps().get(2);
        assertEquals("ofproto/trace", ofproto.tool());
        assertEquals("geneve tunnel to 172.18.0.2 (tunnel key 0xff0003)", ofproto.outcome());
        assertEquals(List.of("bridge br-int", "tunnel geneve to 172.18.0.2"),
                ofproto.hops().stream().map(h -> h.kind() + " " + h.name()).toList());
    }

    @Test
    void a_direction_whose_steps_all_were_skipped_is_inconclusive_and_so_is_the_report() {
        Report r = Report.from(TestTraces.docsExample());
        DirectionReport reverse = r.directions().get(1);
        assertEquals(Verdict.INCONCLUSIVE, reverse.verdict());
        assertEquals("no step ran", reverse.reason());
        assertEquals("not run", reverse.steps().get(0).outcome());
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertEquals("forward PASS; reverse INCONCLUSIVE (no step ran)", r.summary());
    }

    @Test
    void request_and_endpoints_are_carried_over() {
        Report r = Report.from(TestTraces.docsExample());
        assertEquals(new ReportRequest("default/fedora-deployment-7d49fddf69-chmvh",
                "default/fedora-deployment-7d49fddf69-t4hqw", "pod", "udp", 53, "ip4", false, false), r.request());
        assertEquals("ic", r.mode());
        assertEquals("10.244.2.3", r.source().ip());
        assertEquals("ovn-worker", r.destination().node());
        assertTrue(r.generatedAt().endsWith("Z"));
    }

    @Test
    void overall_verdict_is_the_worst_direction() {
        assertEquals(Verdict.FAIL, ReportBuilder.overall(List.of(Verdict.PASS, Verdict.FAIL, Verdict.INCONCLUSIVE)));
        assertEquals(Verdict.INCONCLUSIVE, ReportBuilder.overall(List.of(Verdict.PASS, Verdict.INCONCLUSIVE)));
        assertEquals(Verdict.PASS, ReportBuilder.overall(List.of(Verdict.PASS, Verdict.PASS)));
    }
}
