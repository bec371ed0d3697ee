package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.support.Sandboxes;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;

/**
 * A pod's packet to an address outside the cluster leaves the way it does on a real node: each gateway router
 * knows the MAC of its next hop, the node network's gateway, as ovn-controller learns it there, so the packet is
 * SNATed to the node IP and goes out of the localnet port to breth0 instead of stopping at an ARP request (and it
 * knows the cluster router's join MAC, for the way back in: see ExternalReplyEndToEndTest).
 */
class ExternalEgressEndToEndTest {

    private static final String SB = "--db unix:/var/run/ovn/ovnsb_db.sock";
    private static final String GATEWAY = "172.18.0.1";
    private static final String GATEWAY_MAC = "02:42:ac:12:00:01";
    private static final String EXTERNAL_IP = "8.8.8.8";

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void everyNodesPodsReachAnExternalIpThroughTheirGatewayWithSnat(ClusterMode mode) {
        Sandboxes.assumeE2e();
        Sandboxes.Sandbox sb = mode == ClusterMode.IC ? Sandboxes.ic() : Sandboxes.central();
        Topology t = sb.topology();
        List<String> nodes = t.nodes().stream().map(NodeSpec::name).sorted().toList();

        for (NodeSpec node : t.nodes()) {
            // Each node's SB holds the bindings of the gateway routers its zone owns: its own (ic) or all (central).
            // Each gateway router also knows the cluster router's join address, its way back to the pods, and the other
            // nodes' addresses on the node network (learnt once its pods talk to their host-network pods).
            List<String> expected = (mode == ClusterMode.IC ? List.of(node.name()) : nodes).stream()
                    .flatMap(n -> java.util.stream.Stream.concat(java.util.stream.Stream.of(
                            "rtoe-GR_" + n + " " + GATEWAY + " " + GATEWAY_MAC, "rtoj-GR_" + n + " 100.64.0.1 0a:58:64:40:00:01"),
                            t.nodes().stream().filter(peer -> !peer.name().equals(n))
                                    .map(peer -> "rtoe-GR_" + n + " " + peer.nodeIp() + " " + ovntrace.topology.Addressing.nodeMac(peer.index()))))
                    .sorted().toList();
            String rows = ok(sb.run(node.name(), "ovn-sbctl " + SB
                    + " --format=csv --no-headings --data=bare --columns=logical_port,ip,mac list mac_binding"));
            assertEquals(expected, rows.lines().map(l -> l.replace(',', ' ')).sorted().toList(),
                    "learnt MAC bindings in the SB of " + node.name());

            PodSpec pod = t.ovnPodsOn(node.name()).get(0);
            String ovnTrace = ok(sb.run(node.name(), "ovn-trace " + SB + " " + node.name() + " 'inport==\""
                    + pod.logicalPort() + "\" && eth.src==" + pod.mac() + " && eth.dst==" + node.gatewayMac()
                    + " && ip4.src==" + pod.ip() + " && ip4.dst==" + EXTERNAL_IP
                    + " && ip.ttl==64 && tcp.dst==443 && tcp.src==52888'"));
            assertTrue(ovnTrace.contains("/* MAC binding to " + GATEWAY_MAC + ". */"), ovnTrace);
            assertFalse(ovnTrace.contains("arp {"), "no ARP for the next hop\n" + ovnTrace);
            assertTrue(ovnTrace.contains("ct_snat(" + node.nodeIp() + ");"), ovnTrace);
            assertTrue(ovnTrace.strip().endsWith("/* output to \"breth0_" + node.name() + "\", type \"localnet\" */"),
                    ovnTrace);

            String ofproto = ok(sb.run(node.name(), "ovs-appctl ofproto/trace br-int \"in_port=" + pod.hostInterface()
                    + ", tcp, dl_src=" + pod.mac() + ", dl_dst=" + node.gatewayMac() + ", nw_src=" + pod.ip()
                    + ", nw_dst=" + EXTERNAL_IP + ", nw_ttl=64, tcp_dst=443, tcp_src=12345\""));
            assertTrue(ofproto.contains("set(eth(src=" + node.nodeMac() + ",dst=" + GATEWAY_MAC + "))"), ofproto);
            assertTrue(ofproto.contains("nat(src=" + node.nodeIp() + ")"), ofproto);
            assertTrue(ofproto.contains("bridge(\"breth0\")"), ofproto);
            assertTrue(ofproto.lines().filter(l -> l.startsWith("Datapath actions:"))
                    .noneMatch(l -> l.contains("userspace") || l.contains("drop")), "nothing goes to the controller\n" + ofproto);
        }
    }

    private static String ok(ExecResult r) {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout();
    }
}
