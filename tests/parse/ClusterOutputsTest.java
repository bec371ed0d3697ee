package ovntrace.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.support.Fixtures;

/**
 * The parsers over real output saved from ovntrace-sandbox (tests/fixtures/ic, central and their -25.03 twins, made by
 * tests/fixtures/capture.sh; the first line of each file is the command that made it): the path, whether the packet
 * got out, and where it stopped. The client is default/fedora-deployment-7d49fddf69-t4hqw (10.244.1.6, ovn-worker).
 */
class ClusterOutputsTest {

    /** Both modes on OVN 23.03 / OVS 3.1 ({@code ic}, {@code central}) and on OVN 25.03 / OVS 3.5. */
    private static final List<String> MODES = List.of("ic", "central", "ic-25.03", "central-25.03");
    private static final String T4HQW = "default_fedora-deployment-7d49fddf69-t4hqw",
            CHMVH = "default_fedora-deployment-7d49fddf69-chmvh", COREDNS_W2 = "kube-system_coredns-5d78c9869d-x9vqz";
    /**
     * On an interconnect cluster ovnkube, not northd, numbers the transit switch and its ports (tstor-&lt;node&gt; by
     * node id), so these keys are the same on every start: the geneve option below is (inport key &lt;&lt; 16) |
     * outport key, tstor-ovn-worker being 3 and tstor-ovn-worker2 4.
     */
    private static final String TRANSIT_SWITCH_KEY = "0xff0003";
    /** The port group of restricted's pods, which ovn-kubernetes names by hashing the namespace. */
    private static final String DB_GROUP = "@a15582667452452073255";

    private static OvnTrace ovn(String name) {
        return OvnTraceParser.parse(Fixtures.output(name));
    }

    private static OfprotoTrace ofproto(String name) {
        return OfprotoTraceParser.parse(Fixtures.output(name));
    }

    private static Detrace detrace(String name) {
        return DetraceParser.parse(Fixtures.output(name));
    }

    private static OvnStage stage(OvnTrace t, String datapath, String name) {
        return t.pipelines().stream().filter(p -> p.datapath().equals(datapath)).flatMap(p -> p.stages().stream())
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(datapath + " " + name));
    }

    @Test
    void same_node_goes_through_the_cluster_router_back_to_the_same_switch_and_out_to_the_pod() {
        for (String mode : MODES) {
            OvnTrace t = ovn(mode + "/same-node-ovn-trace.txt");
            assertEquals(List.of("ovn-worker", "ovn_cluster_router", "ovn-worker"), t.datapaths(), mode);
            assertEquals(List.of(new OvnOutput("ovn-worker", "kube-system_coredns-5d78c9869d-7kl2p", "")), t.finalOutputs(), mode);
            assertTrue(t.drop().isEmpty(), mode);
            OfprotoTrace of = ofproto(mode + "/same-node-ofproto-trace.txt");
            assertTrue(of.tunnel().isEmpty(), "no tunnel on the same node");
            assertEquals(1, of.finalActions().ports().size(), "out to the pod's datapath port");
            assertFalse(of.dropped(), mode);
            assertTrue(detrace(mode + "/same-node-ovn-detrace.txt").all(DetraceAnnotation.PortBinding.class).stream()
                    .anyMatch(pb -> pb.logicalPort().equals("kube-system_coredns-5d78c9869d-7kl2p")), mode);
        }
    }

    @Test
    void across_nodes_ic_ends_in_the_transit_switch_and_the_remote_zone_delivers_in_both_directions() {
        OvnTrace local = ovn("ic/cross-node-ovn-trace.txt"), remote = ovn("ic/cross-node-ovn-trace-remote.txt");
        assertEquals(List.of("ovn-worker", "ovn_cluster_router", "transit_switch"), local.datapaths());
        assertEquals(List.of(new OvnOutput("transit_switch", "tstor-ovn-worker2", "remote")), local.finalOutputs());
        assertEquals(List.of("transit_switch", "ovn_cluster_router", "ovn-worker2"), remote.datapaths());
        assertEquals(List.of(new OvnOutput("ovn-worker2", CHMVH, "")), remote.finalOutputs());
        assertEquals(List.of(new OvnOutput("transit_switch", "tstor-ovn-worker", "remote")),
                ovn("ic/cross-node-reverse-ovn-trace.txt").finalOutputs());
        assertEquals(List.of(new OvnOutput("ovn-worker", T4HQW, "")),
                ovn("ic/cross-node-reverse-ovn-trace-remote.txt").finalOutputs());
        OfprotoTrace of = ofproto("ic/cross-node-ofproto-trace.txt");
        assertEquals(new TunnelOutput(TRANSIT_SWITCH_KEY, "127.0.0.4", "0x30004", "kernel"), of.tunnel().orElseThrow());
        assertTrue(of.results().contains("-> output to kernel tunnel"));
        assertEquals(new TunnelOutput(TRANSIT_SWITCH_KEY, "127.0.0.3", "0x40003", "kernel"),
                ofproto("ic/cross-node-reverse-ofproto-trace.txt").tunnel().orElseThrow());
        Detrace d = detrace("ic/cross-node-ovn-detrace.txt");
        assertTrue(d.all(DetraceAnnotation.PortBinding.class).stream().anyMatch(pb -> pb.logicalPort()
                .equals("tstor-ovn-worker2") && pb.tunnelKey() == 4 && pb.chassis().equals("ovn-worker2")));
        assertTrue(d.ofproto().unparsed().isEmpty(), d.ofproto().unparsed().toString());
        assertTrue(detrace("ic/cross-node-reverse-ovn-detrace.txt").all(DetraceAnnotation.PortBinding.class).stream()
                .anyMatch(pb -> pb.logicalPort().equals("tstor-ovn-worker") && pb.chassis().equals("ovn-worker")));
    }

    @Test
    void across_nodes_central_routes_straight_to_the_other_node_switch() {
        OvnTrace t = ovn("central/cross-node-ovn-trace.txt");
        assertEquals(List.of("ovn-worker", "ovn_cluster_router", "ovn-worker2"), t.datapaths());
        assertEquals(List.of(new OvnOutput("ovn-worker2", CHMVH, "")), t.finalOutputs());
        OvnTrace back = ovn("central/cross-node-reverse-ovn-trace.txt");
        assertEquals(List.of("ovn-worker2", "ovn_cluster_router", "ovn-worker"), back.datapaths());
        assertEquals(List.of(new OvnOutput("ovn-worker", T4HQW, "")), back.finalOutputs());
        // northd numbers a central cluster's datapaths and ports anew on every start, so no key is fixed: the tunnel
        // key is a node switch's (there is no transit switch), and the geneve option ends in the destination pod's
        // port key, which ovn-detrace of the same trace reads from the pod's Port_Binding
        for (String way : List.of("", "reverse-")) {
            String pod = way.isEmpty() ? CHMVH : T4HQW, node = way.isEmpty() ? "ovn-worker2" : "ovn-worker";
            TunnelOutput out = ofproto("central/cross-node-" + way + "ofproto-trace.txt").tunnel().orElseThrow();
            assertEquals(way.isEmpty() ? "127.0.0.4" : "127.0.0.3", out.remoteIp());
            assertEquals("kernel", out.style());
            assertFalse(out.tunnelKey().equals(TRANSIT_SWITCH_KEY), out.tunnelKey());
            DetraceAnnotation.PortBinding binding = detrace("central/cross-node-" + way + "ovn-detrace.txt")
                    .all(DetraceAnnotation.PortBinding.class).stream().filter(pb -> pb.logicalPort().equals(pod))
                    .reduce((first, second) -> second).orElseThrow();
            assertEquals(node, binding.chassis());
            assertEquals(binding.tunnelKey(), Integer.decode(out.geneveOption()) & 0xffff, out.geneveOption());
        }
    }

    @Test
    void service_load_balancing_is_found_at_the_vip_and_the_backend_is_reached_on_the_other_node() {
        for (String mode : MODES) {
            OvnTrace t = ovn(mode + "/service-ovn-trace.txt");
            OvnStage lb = t.pipelines().get(0).stages().stream().filter(s -> !s.vip().isEmpty()).findFirst().orElseThrow();
            assertEquals("10.96.0.10:53", lb.vip(), mode);
            assertEquals("ls_in_pre_stateful", lb.name(), mode);
            assertTrue(lb.actions().contains("ct_lb_mark;"), lb.actions().toString());
            OfprotoTrace of = ofproto(mode + "/service-ofproto-trace.txt");
            assertTrue(of.passes().stream().anyMatch(p -> p.datapathActions().contains("nat(dst=10.244.2.4:53)")),
                    "the select group's bucket DNATs to the chosen backend");
            assertEquals("127.0.0.4", of.tunnel().orElseThrow().remoteIp(), mode);
            OfprotoTrace noHash = ofproto(mode + "/service-ofproto-trace-no-dp-hash.txt");
            assertTrue(noHash.unfollowedRecirculation().isPresent(), "without dp_hash the trace stops at hash(l4(0)),recirc");
            assertTrue(noHash.finalActions().text().startsWith("hash(l4(0)),recirc("), noHash.finalActions().text());
            DetraceAnnotation.LoadBalancer svc = detrace(mode + "/service-ovn-detrace.txt")
                    .all(DetraceAnnotation.LoadBalancer.class).get(0);
            assertEquals("Service_kube-system/kube-dns_UDP_cluster", svc.name(), mode);
            assertTrue(svc.vips().contains("'10.96.0.10:53': '10.244.1.4:53,10.244.2.4:53'"), svc.vips());
        }
        assertEquals(List.of(new OvnOutput("transit_switch", "tstor-ovn-worker2", "remote")),
                ovn("ic/service-ovn-trace.txt").finalOutputs());
        assertEquals(List.of(new OvnOutput("ovn-worker2", COREDNS_W2, "")), ovn("ic/service-ovn-trace-remote.txt").finalOutputs());
        OvnTrace central = ovn("central/service-ovn-trace.txt");
        assertEquals(List.of("ovn-worker", "ovn_cluster_router", "ovn-worker2"), central.datapaths());
        assertEquals(List.of(new OvnOutput("ovn-worker2", COREDNS_W2, "")), central.finalOutputs());
    }

    /** OVN 23.03's shape (drop; in ls_out_acl); PolicyDropOnEveryVersionTest asserts the meaning on every version. */
    @Test
    void policy_drop_for_a_new_connection_on_23_03_is_a_drop_action_in_ls_out_acl() {
        for (String name : List.of("ic/policy-drop-ovn-trace-remote-ct-new.txt", "central/policy-drop-ovn-trace-ct-new.txt")) {
            OvnTrace t = ovn(name);
            assertEquals(List.of(name.startsWith("ic") ? "transit_switch" : "ovn-worker", "ovn_cluster_router",
                    "ovn-worker2"), t.datapaths(), name);
            assertFalse(t.delivered(), name);
            OvnTrace.DropSite drop = t.drop().orElseThrow();
            assertTrue(drop.explicit(), name);
            assertEquals("egress", drop.pipeline().kind());
            assertEquals("restricted_db-0", drop.pipeline().outport());
            assertEquals(4, drop.stage().table());
            assertEquals("ls_out_acl", drop.stage().name());
            assertEquals("reg0[9] == 1 && (outport == " + DB_GROUP + ")", drop.stage().match());
            assertEquals(2000, drop.stage().priority());
            assertEquals(List.of("drop;"), drop.stage().actions());
        }
        // on an interconnect cluster the source zone has no policy for restricted: its half gets to the transit switch
        assertEquals(List.of(new OvnOutput("transit_switch", "tstor-ovn-worker2", "remote")),
                ovn("ic/policy-drop-ovn-trace-ct-new.txt").finalOutputs());
    }

    /** OVN 23.03's shape; on 25.03 the blocked mark is set in ls_out_acl_eval (ct_label.obs_point_id too). */
    @Test
    void policy_drop_of_an_established_connection_on_23_03_ends_at_the_acl_that_marks_it_blocked() {
        for (String name : List.of("ic/policy-drop-ovn-trace-remote.txt", "central/policy-drop-ovn-trace.txt")) {
            OvnTrace.DropSite end = ovn(name).drop().orElseThrow();
            assertFalse(end.explicit(), name);
            assertEquals("ovn-worker2", end.pipeline().datapath(), name);
            assertEquals("ls_out_acl", end.stage().name(), name);
            assertEquals("reg0[10] == 1 && (outport == " + DB_GROUP + ")", end.stage().match(), name);
            assertEquals(List.of("ct_commit { ct_mark.blocked = 1; };"), end.stage().actions(), name);
        }
        assertTrue(ovn("ic/policy-drop-ovn-trace.txt").delivered(), "the source zone's half passes");
    }

    @Test
    void the_allowed_port_reaches_the_pod_behind_the_policy() {
        for (String name : List.of("ic/policy-allow-ovn-trace-remote-ct-new.txt", "central/policy-allow-ovn-trace-ct-new.txt")) {
            OvnTrace t = ovn(name);
            assertEquals(List.of(new OvnOutput("ovn-worker2", "restricted_db-0", "")), t.finalOutputs(), name);
            assertTrue(t.drop().isEmpty(), name);
        }
    }

    @Test
    void policy_drop_on_the_destination_node_shows_in_ofproto_and_ovn_detrace_names_the_acl() {
        for (String mode : MODES) {
            TunnelOutput out = ofproto(mode + "/policy-drop-ofproto-trace.txt").tunnel().orElseThrow();
            assertEquals("127.0.0.4", out.remoteIp(), "the source node only tunnels it");
            String received = Fixtures.load(mode + "/policy-drop-ofproto-trace-destination.txt").header();
            assertTrue(received.contains("tun_id=" + out.tunnelKey() + ",") && received.contains("tun_metadata0="
                    + out.geneveOption() + ","), "the destination trace replays the tunnel output: " + received);
            assertTrue(ofproto(mode + "/policy-drop-ofproto-trace-destination.txt").dropped(), mode);
            assertDroppedByDefaultDeny(detrace(mode + "/policy-drop-ovn-detrace-destination.txt"), mode);
        }
    }

    @Test
    void policy_drop_between_pods_of_one_node_shows_in_the_source_node_ofproto_trace() {
        for (String mode : MODES) {
            OfprotoTrace of = ofproto(mode + "/policy-drop-same-node-ofproto-trace.txt");
            assertTrue(of.dropped(), mode);
            assertTrue(of.tunnel().isEmpty(), mode);
            assertDroppedByDefaultDeny(detrace(mode + "/policy-drop-same-node-ovn-detrace.txt"), mode);
        }
    }

    private static void assertDroppedByDefaultDeny(Detrace d, String mode) {
        Detrace.Annotated dropping = d.dropping().orElseThrow();
        assertEquals(List.of("ovn-worker2"), d.datapaths(dropping), mode);
        assertEquals("egress", dropping.logicalFlow().orElseThrow().pipeline());
        assertEquals("ls_out_acl", AclStage.of(dropping.logicalFlow().orElseThrow().stage()).orElseThrow().family(), mode);
        assertEquals(new DetraceAnnotation.Acl("to-lport", 1000, "outport == " + DB_GROUP, "drop", false),
                d.droppingAcl().orElseThrow());
        assertTrue(d.ofproto().unparsed().isEmpty(), d.ofproto().unparsed().toString());
    }

    @Test
    void external_ip_leaves_the_gateway_router_snated_to_the_node_ip_towards_the_learnt_next_hop() {
        for (String mode : MODES) {
            OvnTrace t = ovn(mode + "/external-ip-ovn-trace.txt");
            assertEquals(List.of("ovn-worker", "ovn_cluster_router", "join", "GR_ovn-worker", "ext_ovn-worker"), t.datapaths());
            assertEquals(List.of(new OvnOutput("ext_ovn-worker", "breth0_ovn-worker", "localnet")), t.finalOutputs());
            assertTrue(t.drop().isEmpty(), mode);
            OvnStage route = stage(t, "GR_ovn-worker", "lr_in_ip_routing");
            assertEquals("reg7 == 0 && ip4.dst == 0.0.0.0/0", route.match());
            assertTrue(route.actions().containsAll(List.of("reg0 = 172.18.0.1;", "outport = \"rtoe-GR_ovn-worker\";")));
            // the gateway router knows its next hop's MAC, as ovn-controller learns it on a real node: no ARP request
            assertTrue(stage(t, "GR_ovn-worker", "lr_in_arp_resolve").actions().contains("/* MAC binding to 02:42:ac:12:00:01. */"));
            assertEquals(List.of("output;"), stage(t, "GR_ovn-worker", "lr_in_arp_request").actions());
            OvnStage snat = stage(t, "GR_ovn-worker", "lr_out_snat");
            assertEquals("ip && ip4.src == 10.244.0.0/16 && (!ct.trk || !ct.rpl)", snat.match());
            assertEquals(List.of("ct_snat(172.18.0.3);"), t.pipelines().stream().flatMap(p -> p.stages().stream())
                    .flatMap(s -> s.natActions().stream()).toList(), "the one translation: SNAT to ovn-worker's IP");
            // ofproto/trace follows the SNATed packet out of br-int through the localnet patch into breth0
            OfprotoTrace of = ofproto(mode + "/external-ip-ofproto-trace.txt");
            assertEquals(List.of("br-int", "breth0"), of.bridges());
            assertFalse(of.dropped());
            assertTrue(of.tunnel().isEmpty() && of.unfollowedRecirculation().isEmpty(), of.finalActions().text());
            assertFalse(of.finalActions().ports().isEmpty(), "out of breth0's ports: " + of.finalActions().text());
            assertTrue(of.passes().stream().noneMatch(p -> p.actions().text().contains("controller(")));
            assertTrue(of.passes().stream().anyMatch(p -> p.actions().text()
                    .contains("set(eth(src=02:42:ac:12:00:03,dst=02:42:ac:12:00:01))")), "routed to the gateway's MAC");
            assertTrue(of.passes().stream().anyMatch(p -> p.actions().conntrack().contains("ct(commit,nat(src=172.18.0.3))")),
                    "SNAT in the gateway router's conntrack zone");
            Detrace d = detrace(mode + "/external-ip-ovn-detrace.txt");
            assertTrue(d.all(DetraceAnnotation.Other.class).contains(new DetraceAnnotation.Other(
                    "MAC Binding: ip \"172.18.0.1\", logical_port \"rtoe-GR_ovn-worker\", mac \"02:42:ac:12:00:01\"")),
                    "ovn-detrace names the learnt binding");
            assertTrue(d.all(DetraceAnnotation.LogicalFlow.class).stream().anyMatch(f -> f.stage().equals("lr_out_snat")
                    && f.match().equals(snat.match()) && f.actions().equals("ct_snat(172.18.0.3);")), mode);
            List<DetraceAnnotation.PortBinding> ports = d.all(DetraceAnnotation.PortBinding.class);
            assertEquals("breth0_ovn-worker", ports.get(ports.size() - 1).logicalPort(), "last: the localnet port");
        }
    }

    @Test
    void no_line_of_any_saved_output_is_left_unexplained() {
        for (String dir : List.of("ic", "central", "ic-25.03", "central-25.03", "docs")) {
            for (String name : Fixtures.list(dir)) {
                String text = Fixtures.output(dir + "/" + name);
                List<String> unparsed = name.contains("ovn-trace") ? OvnTraceParser.parse(text).unparsed()
                        : name.contains("ovn-detrace") ? DetraceParser.parse(text).ofproto().unparsed()
                        : name.contains("acl-list") || name.contains("chassis-private") ? List.of() : OfprotoTraceParser.parse(text).unparsed();
                assertEquals(List.of(), unparsed, dir + "/" + name);
            }
        }
    }
}
