package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupCommands;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.Side;
import ovntrace.lib.trace.UpstreamSteps;
import ovntrace.lib.trace.ConnectionSteps;

/** The command strings must be byte-identical to upstream's, so -loglevel 4 output and reports match it. */
class StepCommandsTest {

    private final Side src = DocsSides.src(DocsSides.ic(DocsSides.SRC_NODE)), dst = DocsSides.dst(DocsSides.ic(DocsSides.DST_NODE));

    @Test
    void docs_example_first_trace_on_the_source_node_is_masters_template() {
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 'inport==\"default_fedora-deployment-7d49fddf69-chmvh\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && udp.dst==53 && udp.src==52888'", UpstreamSteps.ovnTraceToPod(src, dst, Protocol.UDP, 53));
    }

    @Test
    void remote_trace_enters_the_destination_zone_from_the_transit_switch_with_the_destination_rtots_mac() {
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock 'inport==\"tstor-ovn-worker2\" && eth.src==0a:58:0a:f4:02:03"
                + " && eth.dst==0a:58:a8:fe:00:04 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6 && ip.ttl==64 && udp.dst==53"
                + " && udp.src==52888'", UpstreamSteps.ovnTraceRemote(src, dst, Protocol.UDP, 53));
    }

    @Test
    void ofproto_trace_uses_the_interface_name_double_quotes_and_comma_space_separators() {
        assertEquals("ovs-appctl ofproto/trace br-int \"in_port=veth-chmvh, udp, dl_src=0a:58:0a:f4:02:03, dl_dst=0a:58:0a:f4:02:01,"
                + " nw_src=10.244.2.3, nw_dst=10.244.1.6, nw_ttl=64, udp_dst=53, udp_src=12345\"",
                UpstreamSteps.ofprotoTrace(src, dst.ip(), Protocol.UDP, 53));
    }

    @Test
    void ofproto_trace_to_an_ipv6_destination_uses_the_v6_selector_and_keys() {
        assertEquals("ovs-appctl ofproto/trace br-int \"in_port=veth-chmvh, tcp6, dl_src=0a:58:0a:f4:02:03, dl_dst=0a:58:0a:f4:02:01,"
                + " ipv6_src=10.244.2.3, ipv6_dst=2001:db8::1, nw_ttl=64, tcp_dst=443, tcp_src=12345\"",
                UpstreamSteps.ofprotoTrace(src, "2001:db8::1", Protocol.TCP, 443));
    }

    @Test
    void detrace_reads_the_zone_databases_over_local_sockets_on_master() {
        assertEquals("ovn-detrace --ovnnb=unix:/var/run/ovn/ovnnb_db.sock --ovnsb=unix:/var/run/ovn/ovnsb_db.sock"
                + " --ovsdb=unix:/var/run/openvswitch/db.sock", UpstreamSteps.ovnDetrace(src.node().db()));
    }

    @Test
    void release_1_3_central_ssl_cluster_gets_no_leader_only_and_the_certificate_flags() {
        DbAccess db = DbAccess.fromAddresses(ClusterMode.CENTRAL, "global", "ssl:10.0.0.5:9641,ssl:10.0.0.6:9641,ssl:10.0.0.7:9641",
                "ssl:10.0.0.5:9642,ssl:10.0.0.6:9642,ssl:10.0.0.7:9642");
        Side s = DocsSides.src(db), d = DocsSides.dst(db);
        assertEquals("ovn-trace --no-leader-only -p /ovn-cert/tls.key -c /ovn-cert/tls.crt -C /ovn-ca/ca-bundle.crt"
                + " --db ssl:10.0.0.5:9642,ssl:10.0.0.6:9642,ssl:10.0.0.7:9642 ovn-worker2 'inport==\"default_fedora-deployment-7d49fddf69-chmvh\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && tcp.dst==80 && tcp.src==52888'", UpstreamSteps.ovnTraceToPod(s, d, Protocol.TCP, 80));
        assertEquals("ovn-detrace --ovnnb=ssl:10.0.0.5:9641,ssl:10.0.0.6:9641,ssl:10.0.0.7:9641 --ovnsb=ssl:10.0.0.5:9642,ssl:10.0.0.6:9642,ssl:10.0.0.7:9642"
                + " -p /ovn-cert/tls.key -c /ovn-cert/tls.crt -C /ovn-ca/ca-bundle.crt  --ovsdb=unix:/var/run/openvswitch/db.sock",
                UpstreamSteps.ovnDetrace(db));
        assertEquals("ovn-sbctl --no-leader-only -p /ovn-cert/tls.key -c /ovn-cert/tls.crt -C /ovn-ca/ca-bundle.crt"
                + " --db ssl:10.0.0.5:9642,ssl:10.0.0.6:9642,ssl:10.0.0.7:9642 --bare --no-heading --column=mac list Port_Binding rtos-ovn-worker2",
                LookupCommands.routerPortMac(db, "rtos-ovn-worker2"));
    }

    @Test
    void release_1_3_without_ssl_keeps_upstreams_double_spaces() {
        DbAccess db = DocsSides.central();
        assertEquals("ovn-sbctl --no-leader-only  --db unix:/var/run/ovn/ovnsb_db.sock --bare --no-heading --column=logical_port"
                + " find Port_Binding options:network_name=physnet", LookupCommands.physnetPorts(db));
        assertEquals("ovn-nbctl  --db unix:/var/run/ovn/ovnnb_db.sock get-connection", LookupCommands.nbReachable(db));
        assertEquals("ovn-detrace --ovnnb=unix:/var/run/ovn/ovnnb_db.sock --ovnsb=unix:/var/run/ovn/ovnsb_db.sock "
                + "  --ovsdb=unix:/var/run/openvswitch/db.sock", UpstreamSteps.ovnDetrace(db));
    }

    @Test
    void service_trace_is_a_new_connection_steered_to_the_chosen_backend() {
        ServiceInfo svc = new ServiceInfo("default", "web", "10.96.0.10", 80, dst.endpoint(), 8080);
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 --ct=new 'inport==\"default_fedora-deployment-7d49fddf69-chmvh\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==10.96.0.10"
                + " && ip.ttl==64 && tcp.dst==80 && tcp.src==52888' --lb-dst 10.244.1.6:8080",
                UpstreamSteps.ovnTraceToService(src, svc, Protocol.TCP));
    }

    @Test
    void trace_to_an_external_ip_takes_both_address_keys_from_the_destination_family() {
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 'inport==\"default_fedora-deployment-7d49fddf69-chmvh\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01 && ip4.src==10.244.2.3 && ip4.dst==8.8.8.8"
                + " && ip.ttl==64 && tcp.dst==443 && tcp.src==52888'", UpstreamSteps.ovnTraceToIp(src, "8.8.8.8", Protocol.TCP, 443));
    }

    @Test
    void host_network_source_enters_through_the_management_port() {
        Side host = DocsSides.hostNetwork("node-exporter", DocsSides.SRC_NODE, "172.18.0.3", DocsSides.ic(DocsSides.SRC_NODE), false);
        String cmd = UpstreamSteps.ovnTraceToPod(host, dst, Protocol.TCP, 80);
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker2 'inport==\"k8s-ovn-worker2\" && eth.src==0a:58:0a:f4:02:02"
                + " && eth.dst==0a:58:0a:f4:02:01 && ip4.src==172.18.0.3 && ip4.dst==10.244.1.6 && ip.ttl==64 && tcp.dst==80 && tcp.src==52888'", cmd);
        assertEquals("ovs-appctl ofproto/trace br-int \"in_port=ovn-k8s-mp0, tcp, dl_src=0a:58:0a:f4:02:02, dl_dst=0a:58:0a:f4:02:01,"
                + " nw_src=172.18.0.3, nw_dst=10.244.1.6, nw_ttl=64, tcp_dst=80, tcp_src=12345\"", UpstreamSteps.ofprotoTrace(host, dst.ip(), Protocol.TCP, 80));
    }

    @Test
    void new_connection_check_is_the_same_trace_with_conntrack_state_new() {
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock --ct=new --ct=new --ct=new 'inport==\"tstor-ovn-worker2\""
                + " && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:a8:fe:00:04 && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6"
                + " && ip.ttl==64 && udp.dst==53 && udp.src==52888'", ConnectionSteps.ovnTraceNewConnection(src, dst, Protocol.UDP, 53, true));
        assertEquals(UpstreamSteps.ovnTraceToPod(src, dst, Protocol.UDP, 53).replace("ovn-worker2 '", "ovn-worker2 --ct=new --ct=new --ct=new '"),
                ConnectionSteps.ovnTraceNewConnection(src, dst, Protocol.UDP, 53, false));
    }

    @Test
    void a_missing_fact_stops_the_command_from_being_built() {
        Side noIface = new Side(src.pod(), src.node(), src.mac(), Fact.missing("no OVS interface"), src.ofport());
        Fact.Missing e = assertThrows(Fact.Missing.class, () -> UpstreamSteps.ofprotoTrace(noIface, dst.ip(), Protocol.UDP, 53));
        assertEquals("no OVS interface", e.getMessage());
    }

    @Test
    void the_reply_from_an_external_ipv6_address_takes_the_v6_keys_and_the_gateway_routers_mac() {
        Side v6 = DocsSides.dst(DocsSides.ic("ovn-worker"));
        Side pod = new Side(v6.pod(), v6.node().withGateway(Fact.of(new Annotations.Gateway("02:42:ac:12:00:03",
                java.util.List.of("172.18.0.3", "fc00:f853:ccd:e793::3")))), v6.mac(), v6.iface(), v6.ofport());
        assertEquals("ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ext_ovn-worker --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl"
                + " --ct=est,rpl 'inport==\"breth0_ovn-worker\" && eth.src==02:00:00:00:00:01 && eth.dst==02:42:ac:12:00:03"
                + " && ip6.src==2001:db8::1 && ip6.dst==fc00:f853:ccd:e793::3 && ip.ttl==64 && udp.dst==52888 && udp.src==53'",
                ConnectionSteps.ovnTraceReplyFromIp(pod, "2001:db8::1", "fc00:f853:ccd:e793::3", Protocol.UDP, 53));
        assertEquals(Fact.of("fc00:f853:ccd:e793::3"), pod.node().gateway().get().ip(ovntrace.lib.cluster.AddressFamily.IP6));
    }
}
