package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.ConnectionSteps;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.PlannedStep;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.Side;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.UpstreamSteps;
import ovntrace.lib.trace.Plan;

/** Upstream's steps, in upstream's order, on the node upstream runs them on. */
class PlanTest {

    private static List<PlannedStep> plan(Side src, Side dst, ServiceInfo svc, String ip, boolean skipDetrace, boolean extra) {
        return Plan.all(new Plan.Input(src, dst, svc, ip, Protocol.UDP, 53, skipDetrace, extra));
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

    /**
     * ovn-trace reads {@code --lb-dst fd00:10:244:2::4:53} as the address fd00:10:244:2::4:53 (port 0) and DNATs to
     * no backend at all; an IPv6 backend has to be bracketed. IPv4 stays as upstream writes it.
     */
    @Test
    void an_ipv6_backend_is_bracketed_in_lb_dst() {
        Side src = DocsSides.pod(A, "ovn-worker2", "fd00:10:244:3::3", "0a:58:0a:f4:02:03", DocsSides.ic("ovn-worker2"));
        Side backend = DocsSides.pod(B, "ovn-worker", "fd00:10:244:2::6", "0a:58:0a:f4:01:06", DocsSides.ic("ovn-worker"));
        ServiceInfo svc = new ServiceInfo("default", "dns", "fd00:10:96::a", 53, backend.endpoint(), 5353);
        List<PlannedStep> steps = plan(src, backend, svc, null, true, false);
        assertTrue(steps.get(0).command().contains("ip6.dst==fd00:10:96::a"), steps.get(0).command());
        assertTrue(steps.get(0).command().endsWith("--lb-dst [fd00:10:244:2::6]:5353"), steps.get(0).command());
    }

    @Test
    void external_ip_runs_three_steps_on_the_source_node() {
        List<PlannedStep> steps = plan(DocsSides.src(DocsSides.ic("ovn-worker2")), null, null, "8.8.8.8", false, false);
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

    private static final String SB = "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ";

    @Test
    void external_ip_traces_the_request_and_its_reply_through_the_source_nodes_gateway_router() {
        Side src = DocsSides.onGateway(DocsSides.dst(DocsSides.ic("ovn-worker")), false);
        Plan.Input in = new Plan.Input(src, null, null, "8.8.8.8", Protocol.TCP, 80, false, true);
        List<PlannedStep> steps = Plan.all(in);
        assertEquals(List.of("ovn-trace from pod to IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovs-appctl ofproto/trace pod to IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovn-detrace pod to external IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovn-trace request pod to IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovs-appctl ofproto/trace request pod to IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovn-detrace request pod to IP from " + B + " to 8.8.8.8 @ovn-worker",
                "ovn-trace reply IP to pod (to the SNAT address) from 8.8.8.8 to " + B + " @ovn-worker",
                "ovn-trace reply IP to pod (after un-SNAT) from 8.8.8.8 to " + B + " @ovn-worker"), lines(steps));
        assertEquals(List.of(Leg.UPSTREAM_FORWARD, Leg.UPSTREAM_FORWARD, Leg.UPSTREAM_FORWARD, Leg.REQUEST, Leg.REQUEST, Leg.REQUEST,
                Leg.REPLY, Leg.REPLY), steps.stream().map(PlannedStep::leg).toList());
        assertTrue(steps.subList(3, 8).stream().allMatch(s -> s.extra() && s.runnable()));
        String flow = "'inport==\"default_" + B + "\" && eth.src==0a:58:0a:f4:01:06 && eth.dst==0a:58:0a:f4:01:01"
                + " && ip4.src==10.244.1.6 && ip4.dst==8.8.8.8 && ip.ttl==64 && tcp.dst==80 && tcp.src==52888'";
        assertEquals(SB + "ovn-worker " + flow, steps.get(0).command(), "upstream's step unchanged");
        assertEquals(SB + "ovn-worker --ct=new --ct=new --ct=new --ct=new --ct=new " + flow, steps.get(3).command());
        assertEquals("ovs-appctl ofproto/trace --ct-next 'trk,new' --ct-next 'trk,new' br-int \"in_port=veth-t4hqw, tcp,"
                + " dl_src=0a:58:0a:f4:01:06, dl_dst=0a:58:0a:f4:01:01, nw_src=10.244.1.6, nw_dst=8.8.8.8, nw_ttl=64,"
                + " tcp_src=52888, tcp_dst=80\"", steps.get(4).command());
        assertSame(steps.get(4), steps.get(5).reads());
        String reply = SB + "ext_ovn-worker --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl 'inport==\"breth0_ovn-worker\""
                + " && eth.src==02:00:00:00:00:01 && eth.dst==02:42:ac:12:00:03 && ip4.src==8.8.8.8 && ip4.dst==%s"
                + " && ip.ttl==64 && tcp.dst==52888 && tcp.src==80'";
        assertEquals(String.format(reply, "172.18.0.3"), steps.get(6).command(), "the reply comes back to the SNAT address");
        assertEquals(String.format(reply, "10.244.1.6"), steps.get(7).command(), "and is the pod's once un-SNATed");
        PlannedStep.SnatEgress egress = new PlannedStep.SnatEgress(steps.get(3), "GR_ovn-worker", "breth0_ovn-worker", "172.18.0.3");
        assertEquals(new PlannedStep.Search.ReachesUnsnat(egress), steps.get(6).search());
        assertEquals(new PlannedStep.Search.ReturnsThrough(egress, "default_" + B), steps.get(7).search());
        assertEquals(new Connection.Tuple("8.8.8.8", 80, "172.18.0.3", 52888), in.connection().reply());
        assertEquals(List.of("un-SNAT 172.18.0.3 → 10.244.1.6 (conntrack: reply of the SNATed connection)"), in.connection().replyNat());
    }

    @Test
    void in_local_gateway_mode_the_reply_from_an_ip_is_not_traced_and_says_why() {
        Side src = DocsSides.onGateway(DocsSides.dst(DocsSides.ic("ovn-worker")), true);
        Plan.Input in = new Plan.Input(src, null, null, "8.8.8.8", Protocol.TCP, 80, true, true);
        List<PlannedStep> steps = Plan.all(in);
        assertEquals(List.of("ovn-trace request pod to IP", "ovs-appctl ofproto/trace request pod to IP",
                "ovn-trace reply IP to pod (to the SNAT address)", "ovn-trace reply IP to pod (after un-SNAT)"),
                steps.stream().filter(PlannedStep::extra).map(PlannedStep::label).toList());
        for (PlannedStep reply : steps.subList(4, 6)) {
            assertEquals("not traced: local gateway mode on ovn-worker: the request leaves through the management port k8s-ovn-worker"
                    + " and the host routes and SNATs it; its reply comes back through the host", reply.skipReason());
            assertEquals("", reply.command());
        }
        assertEquals(List.of(), in.connection().replyNat(), "no SNAT in OVN, so none to undo");
    }

    @Test
    void a_gateway_config_without_an_address_leaves_the_reply_from_an_ip_inconclusive() {
        Side src = DocsSides.dst(DocsSides.ic("ovn-worker"));
        Side noGateway = new Side(src.pod(), src.node().withGateway(Fact.missing("no ip-addresses in k8s.ovn.org/l3-gateway-config on node ovn-worker")),
                src.mac(), src.iface(), src.ofport());
        List<PlannedStep> steps = Plan.all(new Plan.Input(noGateway, null, null, "8.8.8.8", Protocol.TCP, 80, true, true));
        assertEquals(List.of("no ip-addresses in k8s.ovn.org/l3-gateway-config on node ovn-worker",
                "no ip-addresses in k8s.ovn.org/l3-gateway-config on node ovn-worker"), steps.subList(4, 6).stream().map(PlannedStep::problem).toList());
        assertTrue(steps.get(2).runnable() && steps.get(3).runnable(), "the request does not need the gateway config");
    }

    // ---- offline: the nodes' zone databases only ----

    private static final String OFFLINE = NodeAccess.NOT_OFFLINE;

    @Test
    void offline_the_ofproto_and_detrace_steps_are_not_available_and_the_ovn_traces_run() {
        Side src = DocsSides.offline(DocsSides.src(DocsSides.ic("ovn-worker2"))), dst = DocsSides.offline(DocsSides.dst(DocsSides.ic("ovn-worker")));
        List<PlannedStep> steps = plan(src, dst, null, null, false, true);
        List<String> unavailable = steps.stream().filter(s -> s.problem().equals(OFFLINE)).map(PlannedStep::label).toList();
        assertEquals(steps.stream().filter(s -> s.tool() == Tool.OFPROTO_TRACE || s.tool() == Tool.OVN_DETRACE).map(PlannedStep::label).toList(),
                unavailable, "every ofproto/trace and ovn-detrace, with the same reason (not 'no ofproto/trace output to read')");
        assertEquals(8, unavailable.size(), unavailable.toString());
        assertTrue(steps.stream().filter(s -> s.tool() == Tool.OVN_TRACE).allMatch(PlannedStep::runnable));
        assertTrue(steps.stream().allMatch(s -> s.skipReason().isEmpty()), "reported, not skipped");
        PlannedStep detrace = steps.stream().filter(s -> s.tool() == Tool.OVN_DETRACE).findFirst().orElseThrow();
        assertEquals(UpstreamSteps.ovnDetrace(src.node().db()), detrace.command(), "what would run on the node");
    }

    @Test
    void offline_a_cross_node_ofproto_step_stays_tunnelled_and_its_receiving_node_steps_are_listed() {
        Side src = DocsSides.offline(DocsSides.src(DocsSides.ic("ovn-worker2"))), dst = DocsSides.offline(DocsSides.dst(DocsSides.ic("ovn-worker")));
        Plan.Input in = new Plan.Input(src, dst, null, null, Protocol.UDP, 53, false, true);
        List<PlannedStep> plan = Plan.all(in);
        PlannedStep request = plan.stream().filter(s -> s.label().equals("ovs-appctl ofproto/trace request source pod to destination pod"))
                .findFirst().orElseThrow();
        assertTrue(request.search() instanceof PlannedStep.Search.Tunnelled, "survives the missing interface: " + request.search());
        List<PlannedStep> arrivals = ConnectionSteps.arrivals(in, plan, Map.of());
        assertEquals(List.of("ovs-appctl ofproto/trace (receiving) request source pod to destination pod @ovn-worker: " + OFFLINE,
                "ovn-detrace (receiving) request source pod to destination pod @ovn-worker: " + OFFLINE,
                "ovs-appctl ofproto/trace (receiving) reply destination pod to source pod @ovn-worker2: " + OFFLINE,
                "ovn-detrace (receiving) reply destination pod to source pod @ovn-worker2: " + OFFLINE),
                arrivals.stream().map(s -> s.label() + " @" + s.where().node() + ": " + s.problem()).toList());
        assertTrue(arrivals.stream().allMatch(s -> s.skipReason().isEmpty() && s.remote()));
        // online, the same plan without the sender's output is not traced (skipped): the difference is the access alone
        Plan.Input live = new Plan.Input(DocsSides.src(DocsSides.ic("ovn-worker2")), DocsSides.dst(DocsSides.ic("ovn-worker")), null, null,
                Protocol.UDP, 53, false, true);
        assertTrue(ConnectionSteps.arrivals(live, Plan.all(live), Map.of()).stream().allMatch(s -> s.skipReason().startsWith("not traced")));
    }

    @Test
    void offline_a_host_network_source_still_gets_its_ofproto_command_and_its_ovn_trace_the_management_port_mac() {
        Side host = DocsSides.offline(DocsSides.hostNetwork("host-agent", "ovn-worker2", "172.18.0.4", DocsSides.ic("ovn-worker2"), false));
        Side dst = DocsSides.offline(DocsSides.dst(DocsSides.ic("ovn-worker")));
        List<PlannedStep> steps = plan(host, dst, null, null, true, false);
        PlannedStep ofproto = steps.stream().filter(s -> s.label().equals("ovs-appctl ofproto/trace source pod to destination pod")).findFirst().orElseThrow();
        assertEquals(OFFLINE, ofproto.problem(), "interface ovn-k8s-mp0 is known, the node's Open vSwitch is not");
        assertTrue(ofproto.command().startsWith("ovs-appctl ofproto/trace br-int \"in_port=ovn-k8s-mp0, udp, dl_src=0a:58:0a:f4:02:02,"),
                ofproto.command());
        assertTrue(steps.get(0).runnable() && steps.get(0).command().contains("inport==\"k8s-ovn-worker2\" && eth.src==0a:58:0a:f4:02:02"),
                steps.get(0).command());
    }

    @Test
    void offline_the_ofproto_step_to_an_ip_is_not_available_whatever_else_is_missing() {
        Side src = DocsSides.offline(DocsSides.onGateway(DocsSides.dst(DocsSides.ic("ovn-worker")), false));
        List<PlannedStep> steps = Plan.all(new Plan.Input(src, null, null, "8.8.8.8", Protocol.TCP, 80, false, true));
        assertEquals(List.of("", OFFLINE, OFFLINE, "", OFFLINE, OFFLINE, "", ""), steps.stream().map(PlannedStep::problem).toList());
    }
}
