package ovntrace.lib;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.LookupCommands;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Answers the node-pod commands for {@link MockCluster}'s cluster from a small model of where each pod lives: the
 * lookups return the router MACs and interfaces, the traces end where OVN would send the packet. Destinations in
 * {@link #denied} are dropped, but only when traced as a new connection, as a NetworkPolicy drop shows; nodes in
 * {@link #ofprotoDrops} drop every OpenFlow trace.
 */
final class FakeNodes implements ScriptedPodExec.Responder {

    record Pod(String name, String node, String mac) {}

    static final Map<String, Pod> BY_IP = Map.of(
            "10.244.0.3", new Pod("fedora-deployment-7d49fddf69-vwjt7", "ovn-control-plane", "0a:58:0a:f4:00:03"),
            "10.244.1.6", new Pod("fedora-deployment-7d49fddf69-t4hqw", "ovn-worker", "0a:58:0a:f4:01:06"),
            "10.244.2.3", new Pod("fedora-deployment-7d49fddf69-chmvh", "ovn-worker2", "0a:58:0a:f4:02:03"),
            "172.18.0.3", new Pod("host-agent", "ovn-worker", ""));

    /** Each node's tunnel address (external_ids:ovn-encap-ip), as kind numbers them. */
    static final Map<String, String> ENCAP = Map.of("ovn-control-plane", "172.18.0.2", "ovn-worker", "172.18.0.3",
            "ovn-worker2", "172.18.0.4");

    /** The management port's MAC, as its Port_Binding k8s-NODE in the Southbound shows it (offline's only source). */
    static final String MGMT_MAC = "0a:58:0a:f4:09:02";

    final boolean interconnect;
    /** What the ovnkube process line looks like ("NODE" becomes the node name); empty: no process visible. */
    String probe = "";
    final Set<String> noDetrace = new HashSet<>(), denied = new HashSet<>(), ofprotoDrops = new HashSet<>();
    /** Nodes whose router-port MAC lookups answer after a blank line (ovntrace reads past it; a shell's read does not). */
    final Set<String> blankLineFirst = new HashSet<>();

    FakeNodes(boolean interconnect) {
        this.interconnect = interconnect;
    }

    @Override
    public ExecResult respond(ExecTarget where, String cmd, String stdin) {
        String node = where.node();
        if (cmd.startsWith("ps -eo args")) return probe.isEmpty() ? result(1, "") : result(0, probe.replace("NODE", node) + "\n");
        Matcher pb = Pattern.compile("list Port_Binding (rtots|rtos)-(\\S+)$").matcher(cmd);
        if (pb.find()) {
            boolean rtots = pb.group(1).equals("rtots");
            if (rtots && !interconnect) return new ExecResult(1, "", "ovn-sbctl: no row \"rtots-" + pb.group(2) + "\" in table Port_Binding\n", Duration.ZERO);
            return result(0, (blankLineFirst.contains(node) ? "\n" : "") + (rtots ? MockCluster.RTOTS : MockCluster.RTOS).get(pb.group(2)) + " 10.244.9.1/24\n");
        }
        Matcher mgmt = Pattern.compile("--column=mac list Port_Binding k8s-(\\S+)$").matcher(cmd);
        if (mgmt.find()) return result(0, MGMT_MAC + " 10.244.9.2/24\n");
        if (cmd.equals(LookupCommands.MP0_OFPORT)) return result(0, "2\n");
        if (cmd.equals(LookupCommands.MP0_MAC)) return result(0, "\"0a:58:0a:f4:01:02\"\n");
        Matcher iface = Pattern.compile("external_ids:iface-id=default_(\\S+)$").matcher(cmd);
        if (iface.find()) {
            boolean here = BY_IP.values().stream().anyMatch(p -> p.name().equals(iface.group(1)) && p.node().equals(node));
            return result(0, here ? "name                : \"veth" + iface.group(1).substring(iface.group(1).length() - 5) + "\"\nofport              : 7\n" : "");
        }
        if (cmd.equals(LookupCommands.ENCAP_IP)) return result(0, "\"" + ENCAP.get(node) + "\"\n");
        if (cmd.equals(LookupCommands.TUNNEL_PORTS)) {
            StringBuilder ports = new StringBuilder();
            ENCAP.forEach((n, ip) -> {
                if (!n.equals(node)) ports.append("ovn-").append(n, 4, 10).append("-0,csum=true key=flow remote_ip=").append(ip).append('\n');
            });
            return result(0, ports.toString());
        }
        if (cmd.contains("options:network_name=physnet")) return result(0, "breth0_ovn-control-plane\nbreth0_ovn-worker\nbreth0_ovn-worker2\n");
        if (cmd.equals(LookupCommands.DETRACE_PRESENT)) return result(0, noDetrace.contains(node) ? "" : "true\n");
        if (cmd.endsWith("get-connection")) return result(0, "");
        if (cmd.startsWith("ovn-trace")) return ovnTrace(node, cmd);
        if (cmd.startsWith("ovs-appctl ofproto/trace")) return ofproto(node, cmd);
        if (cmd.startsWith("ovn-detrace")) return result(0, stdin.replaceAll("(?m)^", "  * "));
        return new ExecResult(127, "", "bash: " + cmd.split(" ")[0] + ": command not found\n", Duration.ZERO);
    }

    private ExecResult ovnTrace(String node, String cmd) {
        String lbDst = value(cmd, "--lb-dst ([0-9.]+):");
        Pod dst = BY_IP.get(lbDst.isEmpty() ? value(cmd, "ip4\\.dst==([0-9.]+)") : lbDst);
        String inport = value(cmd, "inport==\"([^\"]+)\"");
        if (inport.startsWith("breth0_") && ENCAP.get(node).equals(value(cmd, "ip4\\.dst==([0-9.]+)"))) {
            // the reply from outside to the SNAT address: ovn-trace stops at the gateway router's un-SNAT
            return result(0, pipeline("ingress(dp=\"GR_" + node + "\", inport=\"rtoe-GR_" + node + "\")",
                    " 4. lr_in_unsnat (northd.c:11383): inport == \"rtoe-GR_" + node + "\" && ip4.dst == " + ENCAP.get(node)
                            + ", priority 110, uuid 9886f596\n    ct_snat;\n"));
        }
        if (dst == null) {
            // out of the node's gateway router, SNATed to the node's address (its tunnel address, as in kind)
            return result(0, pipeline("egress(dp=\"GR_" + node + "\", inport=\"rtoj-GR_" + node + "\", outport=\"rtoe-GR_" + node + "\")",
                    " 3. lr_out_snat (northd.c:13906): ip && ip4.src == 10.244.0.0/16, priority 17, uuid d462b612\n    ct_snat("
                            + ENCAP.get(node) + ");\n")
                    + pipeline("egress(dp=\"ext_" + node + "\", inport=\"etor-GR_" + node + "\", outport=\"breth0_" + node + "\")",
                    " 9. ls_out_apply_port_sec (northd.c:5777): 1, priority 0, uuid ca3854a7\n    output;\n"
                            + "    /* output to \"breth0_" + node + "\", type \"localnet\" */\n"));
        }
        if (dst.mac().isEmpty()) return result(0, "    /* output to \"breth0_" + node + "\", type \"localnet\" */\n");
        boolean arrives = inport.startsWith("tstor-") || !interconnect || dst.node().equals(node);
        if (arrives && cmd.contains("--ct=new --ct=new") && denied.contains(dst.name())) {
            return result(0, "ls_out_acl_eval: ... priority 1000\n    drop;\n");
        }
        String out = arrives ? "default_" + dst.name() : "tstor-" + dst.node();
        String ingress = "ingress(dp=\"" + node + "\", inport=\"" + inport + "\")";
        String egress = "egress(dp=\"" + node + "\", inport=\"" + inport + "\", outport=\"" + out + "\")";
        return result(0, ingress + "\n" + "-".repeat(ingress.length()) + "\n"
                + " 0. ls_in_port_sec_l2 (northd.c:5652): inport == \"" + inport + "\", priority 50, uuid 12345678\n    next;\n\n"
                + egress + "\n" + "-".repeat(egress.length()) + "\n"
                + " 9. ls_out_port_sec_l2 (northd.c:5749): outport == \"" + out + "\", priority 50, uuid 87654321\n    output;\n"
                + "    /* output to \"" + out + "\", type \"" + (arrives ? "" : "remote") + "\" */\n");
    }

    private ExecResult ofproto(String node, String cmd) {
        Pod dst = BY_IP.get(value(cmd, "nw_dst=([0-9.]+)"));
        if (dst == null) {
            // out of the localnet patch port into the external bridge
            return result(0, "Flow: tcp,in_port=7\n\nbridge(\"br-int\")\n----------------\n 0. in_port=7, priority 100, cookie 0x1\n"
                    + "    output:1\n\nbridge(\"breth0\")\n----------------\n 0. priority 0\n    NORMAL\n\nFinal flow: unchanged\n"
                    + "Datapath actions: ct(commit,zone=2,nat(src=" + ENCAP.get(node) + ")),2\n");
        }
        if (ofprotoDrops.contains(node)) {
            return result(0, "Flow: udp\n\nbridge(\"br-int\")\n----------------\n 0. in_port=7, priority 100\n    drop\n\nFinal flow: udp\nDatapath actions: drop\n");
        }
        if (dst.mac().isEmpty()) {
            // to a node address on a shared gateway: SNATed by the gateway router and out to the node network
            return result(0, "Flow: tcp,in_port=7\n\nbridge(\"br-int\")\n----------------\n 0. in_port=7, priority 100, cookie 0x1\n"
                    + "    ct(commit,zone=NXM_NX_REG12[0..15],nat(src=172.18.0.4))\n    output:3\n\nFinal flow: unchanged\n"
                    + "Datapath actions: ct(commit,zone=5,nat(src=172.18.0.4)),3\n");
        }
        // arrived through a tunnel, or sent by a pod of this node: delivered to the pod's interface (ofport 7)
        String head = "Flow: udp,in_port=7\n\nbridge(\"br-int\")\n----------------\n 0. in_port=7, priority 100, cookie 0x1\n";
        if (dst.node().equals(node)) return result(0, head + "    output:7\n\nFinal flow: unchanged\nDatapath actions: 7\n");
        return result(0, head + "    output:4\n     -> output to kernel tunnel\n\nFinal flow: unchanged\n"
                + "Datapath actions: set(tunnel(tun_id=0xff0003,dst=" + ENCAP.get(dst.node()) + ",ttl=64,tp_dst=6081,"
                + "geneve({class=0x102,type=0x80,len=4,0x20003}),flags(df|csum|key))),set(eth(src=0a:58:64:58:00:02,"
                + "dst=0a:58:64:58:00:03)),set(ipv4(ttl=63)),6081\n");
    }

    private static String pipeline(String header, String flows) {
        return header + "\n" + "-".repeat(header.length()) + "\n" + flows + "\n";
    }

    private static String value(String cmd, String regex) {
        Matcher m = Pattern.compile(regex).matcher(cmd);
        return m.find() ? m.group(1) : "";
    }

    private static ExecResult result(int code, String out) {
        return new ExecResult(code, out, "", Duration.ofMillis(1));
    }
}
