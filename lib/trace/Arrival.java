package ovntrace.lib.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.IpAddress;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.parse.DatapathActions;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OfprotoTraceParser;
import ovntrace.parse.TunnelOutput;

/**
 * A packet as it arrives on another node through a Geneve tunnel, rebuilt from the sending node's ofproto/trace: the
 * tunnel key and the Geneve option OVN puts the logical ports in, the Ethernet addresses and TTL the sender's
 * pipeline set, the addresses and ports of the leg, and the receiving node's tunnel port from the sender's tunnel
 * address. The receiving node's br-int is then traced from that port, as its datapath would see the packet: a
 * missing or stale flow there, or a pod port that is not bound, shows only in that trace.
 *
 * <p>Every value comes from a tool's output and goes into a command, so each is checked for its shape here.
 */
public record Arrival(String tunnelPort, String tunnelKey, String tunnelSrc, String tunnelDst, String geneveOption,
                      String ethSrc, String ethDst, String srcIp, String dstIp, int ttl, int srcPort, int dstPort) {

    private static final Pattern SET_ETH = Pattern.compile("set\\(eth\\(src=([0-9a-fA-F:]{17}),dst=([0-9a-fA-F:]{17})\\)\\)");
    private static final Pattern SET_TTL = Pattern.compile("set\\(ipv(?:4|6)\\((?:[^)]*?)(?:ttl|hlimit)=(\\d{1,3})");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Whether the sending node's ofproto/trace output shows the packet leaving through a tunnel (and not dropped). */
    public static boolean tunnelled(String senderOutput) {
        OfprotoTrace trace = OfprotoTraceParser.parse(senderOutput);
        return !trace.dropped() && trace.tunnel().isPresent();
    }

    /**
     * The arrival on {@code receiver} of the packet the sender's ofproto/trace ({@code senderOutput}) tunnelled, or
     * why it cannot be rebuilt (the sender did not tunnel it, the receiver has no port from the sender, ...).
     */
    public static Fact<Arrival> of(String senderOutput, NodeFacts sender, NodeFacts receiver, Connection.Tuple tuple) {
        return of(senderOutput, sender, receiver, tuple, "", "");
    }

    /**
     * The same for a packet switched, not routed, on its way to the tunnel (between two pods of a layer2 network):
     * no datapath action rewrites its Ethernet header, so it arrives with the addresses it was sent with,
     * {@code sentSrc} and {@code sentDst} (empty: a routed packet, whose rewrite the actions must show).
     */
    public static Fact<Arrival> of(String senderOutput, NodeFacts sender, NodeFacts receiver, Connection.Tuple tuple,
                                   String sentSrc, String sentDst) {
        OfprotoTrace trace = OfprotoTraceParser.parse(senderOutput);
        TunnelOutput tunnel = trace.tunnel().orElse(null);
        if (tunnel == null) return Fact.missing("the sending node's ofproto/trace does not tunnel the packet to " + receiver.node());
        if (!tunnel.style().equals("kernel")) {
            return Fact.missing("the sending node tunnels from the userspace datapath (tnl_push), which ovntrace cannot replay yet");
        }
        Fact<LookupParsers.Tunnels> from = sender.tunnels(), to = receiver.tunnels();
        if (!from.present()) return Fact.missing("tunnel address of " + sender.node() + " unknown: " + from.problem());
        if (!to.present()) return Fact.missing("tunnel ports of " + receiver.node() + " unknown: " + to.problem());
        if (!tunnel.remoteIp().equals(to.get().encapIp())) {
            return Fact.missing("the sending node tunnels the packet to " + tunnel.remoteIp() + ", not to " + receiver.node()
                    + " (" + to.get().encapIp() + ")");
        }
        String port = to.get().portByRemoteIp().get(from.get().encapIp());
        if (port == null) {
            return Fact.missing("node " + receiver.node() + " has no Geneve port from " + sender.node() + " (" + from.get().encapIp() + ")");
        }
        String actions = trace.passes().stream().map(p -> p.actions().text()).reduce((a, b) -> a + "," + b).orElse("");
        Matcher eth = SET_ETH.matcher(actions), ttl = SET_TTL.matcher(actions);
        String ethSrc = "", ethDst = "";
        while (eth.find()) {
            ethSrc = eth.group(1);
            ethDst = eth.group(2);
        }
        int hops = 64;
        while (ttl.find()) hops = Integer.parseInt(ttl.group(1));
        if (ethSrc.isEmpty() && LookupParsers.isMac(sentSrc) && LookupParsers.isMac(sentDst)) {
            ethSrc = sentSrc;
            ethDst = sentDst;
        }
        if (ethSrc.isEmpty()) return Fact.missing("the sending node's datapath actions set no Ethernet addresses for the tunnel");
        if (!HEX.matcher(tunnel.tunnelKey()).matches() || !IpAddress.isIp(tunnel.remoteIp()) || !PORT_NAME.matcher(port).matches()
                || (!tunnel.geneveOption().isEmpty() && !HEX.matcher(tunnel.geneveOption()).matches())
                || !IpAddress.isIp(tuple.srcIp()) || !IpAddress.isIp(tuple.dstIp()) || hops > 255) {
            return Fact.missing("unexpected tunnel values in the sending node's datapath actions: " + DatapathActions.parse(actions).text());
        }
        return Fact.of(new Arrival(port, tunnel.tunnelKey(), from.get().encapIp(), tunnel.remoteIp(), tunnel.geneveOption(),
                ethSrc.toLowerCase(java.util.Locale.ROOT), ethDst.toLowerCase(java.util.Locale.ROOT), tuple.srcIp(), tuple.dstIp(),
                hops, tuple.srcPort(), tuple.dstPort()));
    }
}
