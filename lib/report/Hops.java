package ovntrace.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.parse.OfprotoPass;
import ovntrace.parse.OfprotoTable;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OvnOutput;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.TunnelOutput;

/** Turns one step's parsed trace into hops on the node that ran it, naming datapaths by ovn-kubernetes' conventions. */
final class Hops {

    private static final Pattern OUTPUT = Pattern.compile("^output:(\\d+)$");
    /** Table numbers shown in full up to this many, else the first three, "…" and the last two. */
    private static final int TABLES_SHOWN = 7;

    private Hops() {}

    /**
     * One hop per visited datapath (its ingress and egress pipelines together), then the port it left through.
     * {@code lbDst}: the backend ovn-trace was told to pick ({@code --lb-dst}), empty if none.
     */
    static List<Hop> fromOvn(OvnTrace trace, String node, String zone, String lbDst) {
        List<Hop> hops = new ArrayList<>();
        Optional<OvnTrace.DropSite> drop = trace.drop();
        List<OvnPipeline> group = new ArrayList<>();
        for (OvnPipeline p : trace.pipelines()) {
            if (!group.isEmpty() && !group.get(0).datapath().equals(p.datapath())) {
                hops.add(hop(group, node, zone, drop, lbDst));
                group.clear();
            }
            group.add(p);
        }
        if (!group.isEmpty()) hops.add(hop(group, node, zone, drop, lbDst));
        for (OvnOutput out : trace.finalOutputs()) {
            String type = out.type().isEmpty() ? "vif" : out.type();
            hops.add(new Hop(node, HopKind.PORT, out.port(), type.equals("vif") ? "pod interface (vif)" : "type " + type,
                    false, zone, "", type, List.of()));
        }
        return hops;
    }

    private static Hop hop(List<OvnPipeline> group, String node, String zone, Optional<OvnTrace.DropSite> drop, String lbDst) {
        String name = group.get(0).datapath();
        boolean router = group.stream().anyMatch(OvnPipeline::router);
        String inport = group.stream().filter(OvnPipeline::ingress).map(OvnPipeline::inport).findFirst()
                .orElse(group.get(0).inport());
        String outport = group.stream().filter(p -> !p.ingress()).map(OvnPipeline::outport)
                .reduce((a, b) -> b).orElse("");
        LinkedHashSet<String> applied = new LinkedHashSet<>();
        for (OvnPipeline p : group)
            for (OvnStage s : p.stages()) {
                if (!s.vip().isEmpty())
                    applied.add("load balancer " + s.vip() + (lbDst.isEmpty() ? "" : " → " + lbDst + " (--lb-dst)")
                            + " in " + s.name());
                s.natActions().forEach(a -> applied.add(s.name() + ": " + a));
            }
        Optional<OvnTrace.DropSite> here = drop.filter(d -> group.contains(d.pipeline()));
        String detail = here.map(d -> d.pipeline().kind() + " table " + d.stage().table() + " " + d.stage().name()).orElse("");
        return new Hop(node, HopKind.ofDatapath(name, router), name, detail, here.isPresent(), zone, inport, outport,
                List.copyOf(applied));
    }

    /**
     * The bridges the flow crossed (their tables summarised, the OpenFlow port it was output to), then the tunnel it
     * left through, if any. A dropped flow marks the last bridge with the table it ended at.
     */
    static List<Hop> fromOfproto(OfprotoTrace trace, String node, String zone) {
        List<Hop> hops = new ArrayList<>();
        Optional<OfprotoTrace.DropSite> drop = trace.drop();
        List<String> bridges = trace.bridges();
        for (int i = 0; i < bridges.size(); i++) {
            String bridge = bridges.get(i);
            List<OfprotoTable> tables = trace.tables().stream().filter(t -> t.bridge().equals(bridge)).toList();
            List<String> ct = i == 0 ? trace.finalActions().conntrack() : List.of();
            String detail = tables(tables) + (trace.passes().size() > 1 && i == 0 ? ", " + trace.passes().size() + " passes (conntrack)" : "");
            boolean last = i == bridges.size() - 1;
            String out = last && !trace.dropped() && trace.tunnel().isEmpty() ? ofport(trace) : "";
            if (!out.isEmpty()) detail += ", output to ofport " + out;
            Hop hop = new Hop(node, HopKind.BRIDGE, bridge, detail, false, zone, "", out, ct);
            if (last && trace.dropped())
                hop = hop.dropped(drop.map(d -> "dropped at table " + d.table().table()).orElse("datapath actions: drop"));
            hops.add(hop);
        }
        Optional<TunnelOutput> tunnel = trace.tunnel();
        tunnel.ifPresent(t -> hops.add(new Hop(node, HopKind.TUNNEL, "to " + t.remoteIp(),
                t.tunnelKey().isEmpty() ? "" : "tunnel key " + t.tunnelKey(), false, zone, "", "", List.of())));
        return hops;
    }

    /** "tables 0→8→9→…→64→65": the OpenFlow tables in the order visited, repeats in a row folded. */
    static String tables(List<OfprotoTable> tables) {
        List<Integer> seen = new ArrayList<>();
        for (OfprotoTable t : tables) if (seen.isEmpty() || seen.get(seen.size() - 1) != t.table()) seen.add(t.table());
        if (seen.isEmpty()) return "no tables";
        List<String> shown = seen.stream().map(String::valueOf).toList();
        if (shown.size() > TABLES_SHOWN) {
            List<String> cut = new ArrayList<>(shown.subList(0, 3));
            cut.add("…");
            cut.addAll(shown.subList(shown.size() - 2, shown.size()));
            shown = cut;
        }
        return (seen.size() == 1 ? "table " : "tables ") + String.join("→", shown);
    }

    /** The OpenFlow port of the last {@code output:N} action of the last pass: where the packet was delivered. */
    static String ofport(OfprotoTrace trace) {
        if (trace.passes().isEmpty()) return "";
        OfprotoPass last = trace.passes().get(trace.passes().size() - 1);
        String port = "";
        for (OfprotoTable t : last.tables())
            for (String a : t.actions()) {
                Matcher m = OUTPUT.matcher(a.strip());
                if (m.matches()) port = m.group(1);
            }
        return port;
    }
}
