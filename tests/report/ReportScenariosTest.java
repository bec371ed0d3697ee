package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.Fixtures;
import ovntrace.support.TestTraces;

/**
 * Reports built from real outputs saved from ovntrace-sandbox (tests/fixtures/capture.sh), one per scenario the issue
 * names. The client is the fedora pod on ovn-worker.
 */
class ReportScenariosTest {

    private static final String DB_GROUP = "@a15582667452452073255";

    private static List<String> path(LegReport d) {
        return d.hops().stream().map(h -> h.kind() + " " + h.name()).toList();
    }

    private static AclDirectory clusterAcls(String mode) throws Exception {
        return AclDirectory.parseNbctlJson(Fixtures.output(mode + "/acl-list.txt"));
    }

    @Test
    void ic_across_nodes_both_legs_pass_and_the_path_crosses_the_tunnel_between_zones() {
        Report r = Report.from(TestTraces.icCrossNode());
        assertEquals(Verdict.PASS, r.verdict());
        assertEquals("connection PASS (request pass, reply not traced); reverse-initiated PASS", r.summary());
        LegReport fwd = r.connection().request(), rev = r.reverseInitiated();
        assertEquals(List.of("switch ovn-worker", "router ovn_cluster_router", "transit-switch transit_switch",
                "bridge br-int", "tunnel to ovn-worker2", "transit-switch transit_switch", "router ovn_cluster_router",
                "switch ovn-worker2", "port default_fedora-deployment-7d49fddf69-chmvh"), path(fwd));
        assertEquals("ovn-worker2", fwd.hops().get(7).zone());
        assertEquals(List.of("ovn-worker", "ovn-worker", "ovn-worker", "ovn-worker", "ovn-worker", "ovn-worker2",
                "ovn-worker2", "ovn-worker2", "ovn-worker2"), fwd.hops().stream().map(Hop::node).toList());
        assertEquals("port default_fedora-deployment-7d49fddf69-t4hqw", path(rev).get(path(rev).size() - 1));
        assertEquals(4, fwd.steps().size());
        assertEquals("geneve tunnel to 127.0.0.4 (tunnel key 0xff0003)", fwd.steps().get(2).outcome());
    }

    @Test
    void central_across_nodes_has_no_transit_switch() {
        Report r = Report.from(TestTraces.centralCrossNode());
        assertEquals("central", r.mode());
        LegReport fwd = r.connection().request();
        // the sender runs every logical pipeline but the last switch's egress; the tunnel goes straight to the pod's node
        assertEquals(List.of("switch ovn-worker", "router ovn_cluster_router", "switch ovn-worker2", "bridge br-int",
                "tunnel to ovn-worker2", "port default_fedora-deployment-7d49fddf69-chmvh"), path(fwd));
        assertEquals("ovn-worker2", fwd.hops().get(5).node(), "delivered on the destination's node");
        assertEquals("", fwd.hops().get(0).zone(), "no zones on a central cluster");
        // northd numbers datapaths and ports anew on each start of a central cluster: the keys are not fixed
        String there = fwd.steps().get(1).outcome(), back = r.reverseInitiated().steps().get(1).outcome();
        assertTrue(there.matches("geneve tunnel to 127\\.0\\.0\\.4 \\(tunnel key 0x\\p{XDigit}+\\)"), there);
        assertTrue(back.matches("geneve tunnel to 127\\.0\\.0\\.3 \\(tunnel key 0x\\p{XDigit}+\\)"), back);
        List<String> found = r.reverseInitiated().steps().get(2).findings();
        assertTrue(found.stream().anyMatch(f -> f.matches("port binding default_fedora-deployment-7d49fddf69-t4hqw "
                + "\\(tunnel key \\d+\\) on chassis ovn-worker")), found.toString());
    }

    @Test
    void same_node_stays_on_the_node() {
        LegReport fwd = Report.from(TestTraces.sameNode()).connection().request();
        assertEquals(Verdict.PASS, fwd.verdict());
        assertEquals(List.of("switch ovn-worker", "router ovn_cluster_router", "switch ovn-worker", "bridge br-int",
                "port kube-system_coredns-5d78c9869d-7kl2p"), path(fwd));
        assertTrue(fwd.hops().stream().allMatch(h -> h.node().equals("ovn-worker")), "no tunnel, one node");
        assertTrue(fwd.hops().get(3).detail().endsWith("output to ofport 3"), fwd.hops().get(3).detail());
        assertTrue(fwd.steps().get(1).outcome().startsWith("output to datapath port "), fwd.steps().get(1).outcome());
    }

    @Test
    void service_report_shows_the_vip_load_balanced_to_the_chosen_backend() {
        Report r = Report.from(TestTraces.icService());
        assertEquals(new ReportService("kube-system", "kube-dns", "10.96.0.10", 53,
                "kube-system/coredns-5d78c9869d-x9vqz", 53), r.service());
        LegReport fwd = r.connection().request();
        Hop nodeSwitch = fwd.hops().get(0);
        assertEquals(List.of("load balancer 10.96.0.10:53 → 10.244.2.4:53 (--lb-dst) in ls_in_pre_stateful"),
                nodeSwitch.applied());
        assertEquals(List.of("switch ovn-worker", "nat DNAT", "router ovn_cluster_router", "transit-switch transit_switch",
                "bridge br-int", "tunnel to ovn-worker2", "transit-switch transit_switch", "router ovn_cluster_router",
                "switch ovn-worker2", "port kube-system_coredns-5d78c9869d-x9vqz"), path(fwd));
        assertEquals("10.96.0.10:53 → 10.244.2.4:53 (load balancer of Service kube-system/kube-dns)",
                fwd.hops().get(1).detail(), "the connection's DNAT, where the trace load-balanced");
        assertEquals("geneve tunnel to 127.0.0.4 (tunnel key 0xff0003)", fwd.steps().get(2).outcome());
        assertTrue(fwd.steps().get(3).findings().stream()
                .anyMatch(f -> f.startsWith("load balancer Service_kube-system/kube-dns_UDP_cluster vips")));
    }

    @Test
    void external_ip_report_has_only_the_request_through_the_gateway_router_snated_out_of_breth0() {
        Report r = Report.from(TestTraces.externalIp());
        assertEquals(1, r.legs().size());
        assertNull(r.reverseInitiated(), "no destination-to-source checks for an external IP");
        assertEquals("ip", r.request().targetKind());
        assertEquals(Verdict.PASS, r.verdict());
        assertEquals("connection PASS (request pass, reply not traced)", r.summary());
        LegReport fwd = r.connection().request();
        assertEquals("all 3 steps matched", fwd.reason());
        assertEquals(List.of("switch ovn-worker", "router ovn_cluster_router", "join-switch join",
                "gateway-router GR_ovn-worker", "nat SNAT", "external-switch ext_ovn-worker", "bridge br-int",
                "bridge breth0", "port breth0_ovn-worker"), path(fwd));
        // the gateway router has learnt 172.18.0.1's MAC: the packet itself leaves, SNATed to ovn-worker's IP there
        assertEquals(List.of("lr_out_snat: ct_snat(172.18.0.3);"), fwd.hops().get(3).applied());
        assertEquals("ct_snat(172.18.0.3); in lr_out_snat", fwd.hops().get(4).detail());
        assertEquals("rtoe-GR_ovn-worker", fwd.hops().get(3).outport());
        assertEquals("localnet", fwd.hops().get(8).outport());
        assertNull(fwd.drop(), "nothing dropped the packet");
        StepReport ofproto = fwd.steps().get(1);
        assertEquals(Verdict.PASS, ofproto.verdict());
        assertTrue(ofproto.outcome().startsWith("output to datapath port "), ofproto.outcome());
        assertTrue(fwd.steps().stream().allMatch(s -> s.drop() == null), "no step saw a drop");
    }

    @Test
    void policy_drop_report_names_the_dropping_acl_and_the_network_policy() throws Exception {
        Report r = Report.from(TestTraces.icPolicyDrop(), clusterAcls("ic"));
        assertEquals(Verdict.FAIL, r.verdict());
        LegReport fwd = r.connection().request();
        DropPoint drop = fwd.drop();
        assertEquals(Tool.OVN_TRACE, drop.tool());
        assertEquals("ovn-worker2", drop.node());
        assertEquals("ovn-worker2", drop.datapath());
        assertEquals("egress", drop.pipeline());
        assertEquals("ls_out_acl", drop.stage());
        assertEquals("ovn-worker2", drop.zone());
        AclRef acl = drop.acl();
        assertEquals(new AclRef("NP:restricted:Ingress", "to-lport", 1000, "outport == " + DB_GROUP, "drop",
                "NetworkPolicy", "restricted", ""), acl);
        assertEquals("restricted (default deny)", acl.policy());
        assertTrue(r.summary().contains("dropped by ACL NP:restricted:Ingress of NetworkPolicy restricted (default deny)"),
                r.summary());
        assertTrue(path(fwd).contains("switch ovn-worker2"));
        assertTrue(fwd.hops().stream().filter(h -> h.name().equals("ovn-worker2")).allMatch(Hop::dropped));
        // the receiving node's OpenFlow tables agree: its br-int drops the packet too, and nothing is delivered
        Hop last = fwd.hops().get(fwd.hops().size() - 1);
        assertEquals("ovn-worker2 bridge br-int dropped", last.node() + " " + last.kind() + " " + last.name() + (last.dropped() ? " dropped" : ""));
        assertTrue(fwd.hops().stream().noneMatch(h -> h.kind() == HopKind.PORT));
    }

    @Test
    void without_the_northbound_rows_the_acl_is_still_given_by_direction_priority_and_match() {
        AclRef acl = Report.from(TestTraces.icPolicyDrop()).connection().request().drop().acl();
        assertEquals("", acl.name());
        assertEquals("to-lport", acl.direction());
        assertEquals(1000, acl.priority());
        assertEquals("outport == " + DB_GROUP, acl.match());
        assertEquals("", acl.policyKind());
    }

    @Test
    void central_policy_drop_is_seen_by_a_single_ovn_trace() throws Exception {
        LegReport fwd = Report.from(TestTraces.centralPolicyDrop(), clusterAcls("central")).connection().request();
        assertEquals(Verdict.FAIL, fwd.verdict());
        assertNotNull(fwd.drop());
        assertEquals("NP:restricted:Ingress", fwd.drop().acl().name());
        assertEquals("restricted (default deny)", fwd.drop().acl().policy());
        // As an established connection (upstream's trace) the packet stops where the default-deny ACL marks it
        // blocked; as a new connection (one --ct=new per conntrack step) the same ACL drops it outright.
        assertTrue(fwd.steps().get(0).drop().action().startsWith("trace ends after: ct_commit { ct_mark.blocked = 1; };"),
                fwd.steps().get(0).drop().action());
        assertEquals("drop;", fwd.steps().get(1).drop().action());
        for (StepReport step : fwd.steps()) assertEquals("ls_out_acl", step.drop().stage(), step.label());
        assertEquals(new DropPoint(Tool.OVN_TRACE, "ovn-worker", "", "", "ovn-worker2", "egress", 4, "ls_out_acl",
                "reg0[9] == 1 && (outport == " + DB_GROUP + ")", 2000, "drop;", fwd.drop().acl()), fwd.drop());
        assertEquals("switch ovn-worker2", path(fwd).get(path(fwd).size() - 1));
    }

    @Test
    void the_policy_drop_renders_in_markdown_and_html() throws Exception {
        Report r = Report.from(TestTraces.icPolicyDrop(), clusterAcls("ic"));
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        String md = renderer.render(r, Format.MD), html = renderer.render(r, Format.HTML);
        assertTrue(md.contains("- ACL: `NP:restricted:Ingress`, to-lport, priority 1000"), md);
        assertTrue(md.contains("- NetworkPolicy: default deny of namespace `restricted`"), md);
        assertTrue(html.contains("NetworkPolicy <b>restricted (default deny)</b>"), html);
    }
}
