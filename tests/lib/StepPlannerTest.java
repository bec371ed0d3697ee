package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.PlannedStep;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.Side;
import ovntrace.lib.trace.StepPlanner;

/** Upstream's steps, in upstream's order, on the node upstream runs them on. */
class StepPlannerTest {

    private static List<PlannedStep> plan(Side src, Side dst, ServiceInfo svc, String ip, boolean skipDetrace, boolean extra) {
        return StepPlanner.plan(new StepPlanner.Input(src, dst, svc, ip, Protocol.UDP, 53, skipDetrace, extra));
    }

    private static List<String> lines(List<PlannedStep> steps) {
        return steps.stream().map(s -> s.label() + " from " + s.from() + " to " + s.to() + " @" + s.where().node()).toList();
    }

    private static final String A = DocsSides.SRC, B = DocsSides.DST;

    @Test
    void interconnect_across_nodes_is_the_docs_example_order() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.ic("ovn-worker2")), DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, false, false);
        assertEquals(List.of(
                "ovn-trace source pod to destination pod from " + A + " to " + B + " @ovn-worker2",
                "ovn-trace (remote) source pod to destination pod from " + A + " to " + B + " @ovn-worker",
                "ovn-trace destination pod to source pod from " + B + " to " + A + " @ovn-worker",
                "ovn-trace (remote) destination pod to source pod from " + B + " to " + A + " @ovn-worker2",
                "ovs-appctl ofproto/trace source pod to destination pod from " + A + " to " + B + " @ovn-worker2",
                "ovs-appctl ofproto/trace destination pod to source pod from " + B + " to " + A + " @ovn-worker",
                "ovn-detrace source pod to destination pod from " + A + " to " + B + " @ovn-worker2",
                "ovn-detrace destination pod to source pod from " + B + " to " + A + " @ovn-worker"), lines(steps));
        assertSame(steps.get(4), steps.get(6).reads(), "detrace reads the ofproto/trace of its direction");
        assertSame(steps.get(5), steps.get(7).reads());
        assertTrue(steps.stream().allMatch(PlannedStep::runnable));
    }

    @Test
    void central_mode_has_no_remote_steps() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.central()), DocsSides.dst(DocsSides.central()), null, null, true, false);
        assertEquals(List.of("ovn-trace source pod to destination pod", "ovn-trace destination pod to source pod",
                "ovs-appctl ofproto/trace source pod to destination pod", "ovs-appctl ofproto/trace destination pod to source pod"),
                steps.stream().map(PlannedStep::label).toList());
    }

    @Test
    void service_steps_come_first_and_the_pod_steps_use_the_backend() {
        Side src = DocsSides.src(DocsSides.ic("ovn-worker2")), backend = DocsSides.dst(DocsSides.ic("ovn-worker"));
        ServiceInfo svc = new ServiceInfo("default", "dns", "10.96.0.10", 53, backend.endpoint(), 5353);
        List<PlannedStep> steps = plan(src, backend, svc, null, true, false);
        assertEquals("ovn-trace source pod to service clusterIP from " + A + " to dns @ovn-worker2", lines(steps).get(0));
        assertEquals("ovn-trace (remote) source pod to service clusterIP from " + A + " to " + B + " @ovn-worker", lines(steps).get(1));
        assertTrue(steps.get(0).command().contains("--ct=new") && steps.get(0).command().endsWith("--lb-dst 10.244.1.6:5353"));
        assertTrue(steps.get(2).command().contains("udp.dst==5353"), "after DNAT the packet carries the backend port");
    }

    @Test
    void external_ip_runs_three_steps_on_the_source_node() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.ic("ovn-worker2")), null, null, "8.8.8.8", false, true);
        assertEquals(List.of("ovn-trace from pod to IP from " + A + " to 8.8.8.8 @ovn-worker2",
                "ovs-appctl ofproto/trace pod to IP from " + A + " to 8.8.8.8 @ovn-worker2",
                "ovn-detrace pod to external IP from " + A + " to 8.8.8.8 @ovn-worker2"), lines(steps));
        assertTrue(steps.get(1).search() instanceof PlannedStep.Search.EgressOf e && e.trace() == steps.get(0));
    }

    @Test
    void ovntraces_own_checks_follow_the_upstream_steps_and_cover_both_zones() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.ic("ovn-worker2")), DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, true, true);
        List<String> extra = steps.stream().filter(PlannedStep::extra).map(s -> s.label() + " @" + s.where().node()).toList();
        assertEquals(List.of("ovn-trace --ct=new source pod to destination pod @ovn-worker2",
                "ovn-trace --ct=new (remote) source pod to destination pod @ovn-worker",
                "ovn-trace --ct=new destination pod to source pod @ovn-worker",
                "ovn-trace --ct=new (remote) destination pod to source pod @ovn-worker2",
                "ovs-appctl ofproto/trace request source pod to destination pod @ovn-worker2",
                "ovn-trace reply destination pod to source pod @ovn-worker",
                "ovn-trace (remote) reply destination pod to source pod @ovn-worker2",
                "ovs-appctl ofproto/trace reply destination pod to source pod @ovn-worker"), extra, "(ovn-detrace skipped here)");
        assertEquals(6, steps.indexOf(steps.stream().filter(PlannedStep::extra).findFirst().get()));
    }

    @Test
    void detrace_is_skipped_where_it_is_missing_and_the_reason_kept() {
        Side src = DocsSides.src(DocsSides.ic("ovn-worker2"));
        NodeFacts n = src.node();
        NodeFacts noDetrace = new NodeFacts(n.node(), n.where(), n.db(), n.routingViaHost(), n.rtosMac(), n.rtotsMac(), n.mp0Ofport(),
                n.mp0Mac(), n.externalBridge(), "ovn-detrace is not installed in pod ovnkube-node-ovn-worker2 (container ovnkube-controller)");
        Side s = new Side(src.pod(), noDetrace, src.mac(), src.iface(), src.ofport());
        List<PlannedStep> steps = plan(s, DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, false, false);
        assertEquals("ovn-detrace is not installed in pod ovnkube-node-ovn-worker2 (container ovnkube-controller)", steps.get(6).skipReason());
        assertTrue(steps.get(7).runnable());
    }

    @Test
    void a_step_missing_an_input_carries_the_problem_and_the_others_still_run() {
        Side src = DocsSides.src(DocsSides.ic("ovn-worker2"));
        Side noIface = new Side(src.pod(), src.node(), src.mac(), Fact.missing("no OVS interface with external_ids:iface-id=default_x on the node"), src.ofport());
        List<PlannedStep> steps = plan(noIface, DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, false, false);
        assertEquals("no OVS interface with external_ids:iface-id=default_x on the node", steps.get(4).problem());
        assertTrue(steps.get(6).problem().startsWith("no ofproto/trace output to read"));
        assertTrue(steps.get(0).runnable() && steps.get(5).runnable());
    }

    @Test
    void the_request_and_the_reply_each_trace_one_tuple_in_every_tool() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.ic("ovn-worker2")), DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, true, true);
        PlannedStep requestOfproto = steps.stream().filter(s -> s.label().equals("ovs-appctl ofproto/trace request source pod to destination pod")).findFirst().orElseThrow();
        assertTrue(requestOfproto.command().contains("--ct-next 'trk,new'") && requestOfproto.command().contains("udp_src=52888, udp_dst=53"),
                requestOfproto.command());
        PlannedStep replyTrace = steps.stream().filter(s -> s.label().equals("ovn-trace reply destination pod to source pod")).findFirst().orElseThrow();
        assertTrue(replyTrace.command().contains("--ct=est,rpl") && replyTrace.command().contains("udp.dst==52888 && udp.src==53"),
                "the reply swaps the ports and is traced as conntrack's reply: " + replyTrace.command());
        PlannedStep replyOfproto = steps.stream().filter(s -> s.label().equals("ovs-appctl ofproto/trace reply destination pod to source pod")).findFirst().orElseThrow();
        assertTrue(replyOfproto.command().contains("--ct-next 'trk,est,rpl'") && replyOfproto.command().contains("udp_src=53, udp_dst=52888"),
                replyOfproto.command());
        assertEquals(Leg.REPLY, replyOfproto.leg());
    }
}
