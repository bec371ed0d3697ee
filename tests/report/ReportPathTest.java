package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.TestTraces;

/** The stitched path of each leg: one list of hops across both nodes, every hop on a named node. */
class ReportPathTest {

    static Map<String, TraceResult> scenarios() {
        Map<String, TraceResult> all = new LinkedHashMap<>();
        all.put("docs example", TestTraces.docsExample());
        all.put("ic cross-node", TestTraces.icCrossNode());
        all.put("central cross-node", TestTraces.centralCrossNode());
        all.put("same node", TestTraces.sameNode());
        all.put("service", TestTraces.icService());
        all.put("external ip", TestTraces.externalIp());
        all.put("policy drop", TestTraces.icPolicyDrop());
        all.put("central policy drop", TestTraces.centralPolicyDrop());
        all.put("receiver broken", TestTraces.icReceiverBroken());
        return all;
    }

    @Test
    void every_hop_of_every_leg_names_its_node() {
        scenarios().forEach((name, trace) -> {
            for (LegReport leg : Report.from(trace).legs())
                for (Hop h : leg.hops()) assertFalse(h.node().isEmpty(), name + " " + leg.id() + ": " + h);
        });
    }

    @Test
    void a_trace_across_two_nodes_goes_through_the_tunnel_from_one_node_to_the_other() {
        LegReport request = Report.from(TestTraces.icCrossNode()).connection().request();
        List<Hop> hops = request.hops();
        int tunnel = indexOf(hops, HopKind.TUNNEL);
        assertTrue(tunnel > 0, "a tunnel hop: " + hops);
        assertEquals("to ovn-worker2", hops.get(tunnel).name());
        assertEquals("tunnel key 0xff0003, remote 127.0.0.4", hops.get(tunnel).detail());
        assertTrue(hops.subList(0, tunnel + 1).stream().allMatch(h -> h.node().equals("ovn-worker")), "sent from ovn-worker");
        assertTrue(hops.subList(tunnel + 1, hops.size()).stream().allMatch(h -> h.node().equals("ovn-worker2")),
                "received on ovn-worker2");
        Hop bridge = hops.get(tunnel - 1);
        assertEquals(HopKind.BRIDGE, bridge.kind());
        assertTrue(bridge.detail().matches("tables 0→8→.*→40, 2 passes \\(conntrack\\)"), bridge.detail());
        assertEquals(HopKind.PORT, hops.get(hops.size() - 1).kind(), "ends where it is delivered");
    }

    /**
     * /work/scratch-ct §5: t4hqw's OVS port was deleted on ovn-worker. Every logical trace still passes, and so does the
     * sender's ofproto/trace; only the receiving node's ofproto/trace sees the packet dropped, in br-int table 40.
     */
    @Test
    void a_physical_drop_on_the_receiving_node_is_the_legs_drop_point_with_node_bridge_and_table() {
        Report r = Report.from(TestTraces.icReceiverBroken());
        LegReport request = r.connection().request();
        assertEquals(Verdict.FAIL, request.verdict());
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.FAIL),
                request.steps().stream().map(StepReport::verdict).toList(), "only the receiving node's trace fails");
        DropPoint drop = request.drop();
        assertEquals(Tool.OFPROTO_TRACE, drop.tool());
        assertEquals("ovn-worker", drop.node());
        assertEquals("br-int", drop.bridge());
        assertEquals(40, drop.table());
        assertEquals("on ovn-worker, br-int table 40", drop.where());
        assertEquals(List.of("ovn-control-plane switch ovn-control-plane", "ovn-control-plane router ovn_cluster_router",
                "ovn-control-plane transit-switch transit_switch", "ovn-control-plane bridge br-int",
                "ovn-control-plane tunnel to ovn-worker", "ovn-worker transit-switch transit_switch",
                "ovn-worker router ovn_cluster_router", "ovn-worker switch ovn-worker", "ovn-worker bridge br-int"),
                request.hops().stream().map(h -> h.node() + " " + h.kind() + " " + h.name()).toList());
        Hop last = request.hops().get(request.hops().size() - 1);
        assertTrue(last.dropped());
        assertTrue(last.detail().endsWith("dropped at table 40"), last.detail());
        assertEquals("connection FAIL (request fail, reply not traced): request dropped on ovn-worker, br-int table 40",
                r.summary());
    }

    @Test
    void the_physical_drop_wins_over_a_logical_pass_in_the_path() {
        LegReport request = Report.from(TestTraces.icReceiverBroken()).connection().request();
        StepReport remote = request.steps().get(1);
        assertNull(remote.drop(), "the destination zone's ovn-trace delivers");
        assertEquals("output to \"default_fedora-deployment-7d49fddf69-t4hqw\"", remote.outcome());
        assertTrue(request.hops().stream().noneMatch(h -> h.kind() == HopKind.PORT), "but nothing is delivered: " + request.hops());
        assertEquals(1, request.hops().stream().filter(Hop::dropped).count());
        assertEquals(Tool.OFPROTO_TRACE, request.drop().tool());
    }

    private static int indexOf(List<Hop> hops, HopKind kind) {
        for (int i = 0; i < hops.size(); i++) if (hops.get(i).kind() == kind) return i;
        return -1;
    }
}
