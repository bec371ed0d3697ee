package ovntrace.lib;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * {@link FakeNodes} with primary user-defined networks: the router ports and pod interfaces of the UDN pods
 * registered with {@link #pod}, and traces on their networks that end where OVN sends the packet: the destination
 * pod's port (same zone; on layer2 also across zones, the remote pod's port on the one switch), the network's
 * {@code <prefix>tstor-<node>} towards another zone (layer3), or, for an address not on the network, out of the
 * network's gateway router to the node ({@code breth0_<prefix><node>}): OVN drops nothing between networks.
 */
final class UdnNodes implements ScriptedPodExec.Responder {

    /** A pod on a UDN: its logical port, the network's prefix and topology, where it runs. */
    record UdnPod(String port, String prefix, boolean layer2, String node, String ip, String mac) {}

    static final String RTOS_MAC = "0a:58:0a:64:00:01", RTOTS_MAC = "0a:58:64:59:00:02";

    final FakeNodes base = new FakeNodes(true);
    final Map<String, UdnPod> byIp = new LinkedHashMap<>();

    UdnNodes pod(UdnPod p) {
        byIp.put(p.ip(), p);
        return this;
    }

    @Override
    public ExecResult respond(ExecTarget where, String cmd, String stdin) {
        String node = where.node();
        Matcher pb = Pattern.compile("list Port_Binding (\\S+)$").matcher(cmd);
        if (pb.find() && pb.group(1).contains("_") && !pb.group(1).startsWith("k8s-")) {
            return result(pb.group(1).contains("rtots-") ? RTOTS_MAC + " 100.88.0.2/16\n" : RTOS_MAC + " 10.100.0.1/24\n");
        }
        Matcher iface = Pattern.compile("external_ids:iface-id=(\\S+)$").matcher(cmd);
        if (iface.find() && byIp.values().stream().anyMatch(p -> p.port().equals(iface.group(1)))) {
            boolean here = byIp.values().stream().anyMatch(p -> p.port().equals(iface.group(1)) && p.node().equals(node));
            return result(here ? "name                : \"ovn-udn1\"\nofport              : 9\n" : "");
        }
        UdnPod src = byIp.get(value(cmd, "(?:ip4\\.src==|nw_src=)([0-9.]+)"));
        if (src != null && cmd.startsWith("ovn-trace")) return ovnTrace(node, cmd, src);
        if (src != null && cmd.startsWith("ovs-appctl ofproto/trace")) return ofproto(node, cmd, src);
        return base.respond(where, cmd, stdin);
    }

    private ExecResult ovnTrace(String node, String cmd, UdnPod src) {
        UdnPod dst = byIp.get(value(cmd, "ip4\\.dst==([0-9.]+)"));
        String inport = value(cmd, "inport==\"([^\"]+)\"");
        String out;
        if (dst == null || !dst.prefix().equals(src.prefix())) out = "breth0_" + src.prefix() + node;
        else if (dst.node().equals(node) || dst.layer2() || inport.contains("tstor-")) out = dst.port();
        else out = src.prefix() + "tstor-" + dst.node();
        String type = out.startsWith("breth0_") ? "localnet" : out.equals(dst == null ? "" : dst.port()) && !dst.node().equals(node) ? "remote" : "";
        String dp = src.layer2() ? src.prefix() + "ovn_layer2_switch" : src.prefix() + node;
        String egress = "egress(dp=\"" + dp + "\", inport=\"" + inport + "\", outport=\"" + out + "\")";
        return result(egress + "\n" + "-".repeat(egress.length()) + "\n"
                + " 9. ls_out_port_sec_l2 (northd.c:5749): outport == \"" + out + "\", priority 50, uuid 87654321\n    output;\n"
                + "    /* output to \"" + out + "\", type \"" + type + "\" */\n");
    }

    private ExecResult ofproto(String node, String cmd, UdnPod src) {
        UdnPod dst = byIp.get(value(cmd, "nw_dst=([0-9.]+)"));
        String head = "Flow: tcp,in_port=9\n\nbridge(\"br-int\")\n----------------\n 0. in_port=9, priority 100, cookie 0x1\n";
        if (dst == null || !dst.prefix().equals(src.prefix())) {
            return result(head + "    output:3\n\nFinal flow: unchanged\nDatapath actions: ct(commit,zone=5),3\n");
        }
        if (dst.node().equals(node)) return result(head + "    output:9\n\nFinal flow: unchanged\nDatapath actions: 9\n");
        return result(head + "    output:4\n     -> output to kernel tunnel\n\nFinal flow: unchanged\n"
                + "Datapath actions: set(tunnel(tun_id=0xff0004,dst=" + FakeNodes.ENCAP.get(dst.node()) + ",ttl=64,tp_dst=6081,"
                + "geneve({class=0x102,type=0x80,len=4,0x20003}),flags(df|csum|key)))"
                // a layer2 network switches the packet: no router rewrites its Ethernet header or TTL
                + (src.layer2() ? "" : ",set(eth(src=0a:58:64:58:00:02,dst=0a:58:64:58:00:03)),set(ipv4(ttl=63))") + ",6081\n");
    }

    private static String value(String cmd, String regex) {
        Matcher m = Pattern.compile(regex).matcher(cmd);
        return m.find() ? m.group(1) : "";
    }

    private static ExecResult result(String out) {
        return new ExecResult(0, out, "", Duration.ofMillis(1));
    }
}
