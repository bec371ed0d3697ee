package ovntrace.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OvnOutput;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.TunnelOutput;

/** Turns parsed traces into hops, naming datapaths by ovn-kubernetes' conventions. */
final class Hops {

    private Hops() {}

    /**
     * One hop per visited datapath (its ingress and egress pipelines together), then the port it left through.
     * {@code lbDst}: the backend ovn-trace was told to pick ({@code --lb-dst}), empty if none.
     */
    static List<Hop> fromOvn(OvnTrace trace, String zone, String lbDst) {
        List<Hop> hops = new ArrayList<>();
        Optional<OvnTrace.DropSite> drop = trace.drop();
        List<OvnPipeline> group = new ArrayList<>();
        for (OvnPipeline p : trace.pipelines()) {
            if (!group.isEmpty() && !group.get(0).datapath().equals(p.datapath())) {
                hops.add(hop(group, zone, drop, lbDst));
                group.clear();
            }
            group.add(p);
        }
        if (!group.isEmpty()) hops.add(hop(group, zone, drop, lbDst));
        for (OvnOutput out : trace.finalOutputs())
            hops.add(new Hop("port", out.port(), zone, "", out.type().isEmpty() ? "vif" : out.type(), List.of(), false));
        return hops;
    }

    private static Hop hop(List<OvnPipeline> group, String zone, Optional<OvnTrace.DropSite> drop, String lbDst) {
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
        boolean dropped = drop.isPresent() && group.contains(drop.get().pipeline());
        return new Hop(kind(name, router), name, zone, inport, outport, List.copyOf(applied), dropped);
    }

    /** ovn-kubernetes names: ovn_cluster_router, GR_<node>, join, transit_switch, ext_<node>, <node> (node switch). */
    static String kind(String datapath, boolean router) {
        if (datapath.startsWith("GR_")) return "gateway-router";
        if (datapath.equals("transit_switch")) return "transit-switch";
        if (datapath.equals("join")) return "join-switch";
        if (datapath.startsWith("ext_")) return "external-switch";
        return router ? "router" : "switch";
    }

    /** The bridges the flow crossed, then where it went: a tunnel, datapath ports, a drop, or a recirculation. */
    static List<Hop> fromOfproto(OfprotoTrace trace, String zone) {
        List<Hop> hops = new ArrayList<>();
        boolean dropped = trace.dropped();
        List<String> bridges = trace.bridges();
        for (int i = 0; i < bridges.size(); i++) {
            List<String> ct = i == 0 ? trace.finalActions().conntrack() : List.of();
            hops.add(new Hop("bridge", bridges.get(i), zone, "", "", ct, dropped && i == bridges.size() - 1));
        }
        Optional<TunnelOutput> tunnel = trace.tunnel();
        tunnel.ifPresent(t -> hops.add(new Hop("tunnel", "geneve to " + t.remoteIp(), zone, "", "",
                t.tunnelKey().isEmpty() ? List.of() : List.of("tunnel key " + t.tunnelKey()), false)));
        return hops;
    }
}
