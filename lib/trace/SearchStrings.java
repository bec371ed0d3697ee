package ovntrace.lib.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's success strings. They are regular expressions searched anywhere in a command's stdout, built by
 * pasting names in unescaped, exactly as upstream does (a '.' in a node name then matches any character, which is
 * harmless). Use {@link #matches} to apply one the way upstream does.
 */
public final class SearchStrings {

    public static final String KERNEL_TUNNEL = "-> output to kernel tunnel";
    public static final String SHARED_GATEWAY_HOST = "ct\\(.*,nat";

    private SearchStrings() {}

    public static boolean matches(String regex, String stdout) {
        return Pattern.compile(regex).matcher(stdout).find();
    }

    static String outputTo(String port) {
        return "output to \"" + port + "\"";
    }

    /** ovn-trace from a pod (or host-network pod) towards {@code dst}, on the source node. */
    public static String ovnTraceToPod(Side src, Side dst) {
        if (dst.hostNetwork()) {
            boolean viaHost = src.node().routingViaHost().get();
            return viaHost || src.sameNode(dst) ? outputTo(src.network().management(src.nodeName()))
                    : outputTo(src.network().localnet(src.node().externalBridge().get(), src.nodeName()));
        }
        return src.sameZone(dst) ? outputTo(dst.port()) : outputTo(src.exitTowards(dst));
    }

    /** The second half in the destination zone ends at the destination pod's port. */
    public static String ovnTraceRemote(Side dst) {
        return outputTo(dst.port());
    }

    public static String ovnTraceToService(Side src, Side backend) {
        return src.sameZone(backend) ? outputTo(backend.port()) : outputTo(src.exitTowards(backend));
    }

    /** Out of a localnet port (shared gateway, EgressIP), the management port (local gateway), or another zone. */
    public static String ovnTraceToIp(String srcNode) {
        return "output to \"(.*)_(.*)\", type \"localnet\"|output to \"k8s-" + srcNode + "\"|remote";
    }

    public static String ofprotoToPod(Side src, Side dst) {
        if (src.sameNode(dst) && !src.network().isDefault() && !dst.hostNetwork()) {
            // seen on a layer3 UDN's router: the packet reaches the pod with OVN's loopback flag set, so OpenFlow
            // table 64 pushes the input port before the output and pops it after; the "pop" lines come between
            return "output:" + dst.ofport().get() + "\n(?:\\s+pop:\\S+\n\\s+-> [^\n]*\n)*\nFinal flow:";
        }
        if (src.sameNode(dst)) return "output:" + dst.ofport().get() + "\n\nFinal flow:";
        if (dst.hostNetwork()) {
            return src.node().routingViaHost().get() ? "output:" + src.node().mp0Ofport().get() + "\\n\\nFinal flow:"
                    : SHARED_GATEWAY_HOST;
        }
        return KERNEL_TUNNEL;
    }

    /** Where the ovn-trace to an external IP says the packet leaves the cluster. */
    public record Egress(String node, String bridge) {}

    /**
     * Upstream's reading of the ovn-trace-to-IP output: with SNAT, the node and bridge of the localnet port; else the
     * node of the transit-switch port; else the node of the management port; else (ovntrace only) the localnet
     * port's node and bridge. Null if none shows.
     */
    public static Egress egressOf(String ovnTraceOutput, String srcNode) {
        if (Pattern.compile("ct_snat\\((.*)\\)").matcher(ovnTraceOutput).find()) {
            Matcher m = Pattern.compile(ovnTraceToIp(srcNode)).matcher(ovnTraceOutput);
            if (m.find()) return new Egress(orEmpty(m.group(2)), orEmpty(m.group(1)));
        }
        Matcher t = Pattern.compile("output to \"tstor-(.*)\",").matcher(ovnTraceOutput);
        if (t.find()) return new Egress(t.group(1), "");
        Matcher k = Pattern.compile("output to \"k8s-(.*)\",").matcher(ovnTraceOutput);
        if (k.find()) return new Egress(k.group(1), "");
        // not upstream (which gives up here): out of a localnet port without SNAT still names node and bridge
        Matcher l = Pattern.compile("output to \"(.*)_(.*)\", type \"localnet\"").matcher(ovnTraceOutput);
        if (l.find()) return new Egress(l.group(2), l.group(1));
        return null;
    }

    public static String ofprotoToIp(String srcNode, Egress egress, String srcMp0Ofport) {
        if (!srcNode.equals(egress.node())) return KERNEL_TUNNEL;
        if (!egress.bridge().isEmpty()) return "bridge\\(\"" + egress.bridge() + "\"\\)";
        return "output:" + srcMp0Ofport;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
