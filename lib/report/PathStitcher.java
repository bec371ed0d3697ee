package ovntrace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.StepLabels;
import ovntrace.lib.trace.Tool;

/**
 * One leg's packet path as one list of hops across both nodes, stitched from the leg's steps in plan order, each hop
 * naming the node it happens on. On the sending node: the logical datapaths of its ovn-trace, then its {@code br-int}
 * as ofproto/trace crossed it. Across nodes: the Geneve tunnel, then on the receiving node the datapaths of the remote
 * ovn-trace (the destination zone's half) and its {@code br-int} as the receiving node's ofproto/trace (or the
 * ovn-detrace that read it) crossed it. Last the port that delivers to the destination, unless the packet was dropped
 * on the way: a physical drop ends the path at the bridge even where the logical trace went on, because what OVS
 * does is what happens. NAT and load balancing appear as {@code nat} hops where they take place.
 */
final class PathStitcher {

    private PathStitcher() {}

    /**
     * {@code sender} and {@code receiver}: the nodes of the leg's two ends, for hops no step places (may be empty);
     * {@code target}: the endpoint the leg delivers to, whose OVS interface names the delivering port.
     */
    static List<Hop> stitch(Leg leg, List<StepReport> steps, List<String> translations, String sender, String receiver,
                            ReportEndpoint target) {
        StepReport logical = mainOvnTrace(steps);
        List<StepReport> continued = logical == null ? List.of() : steps.stream()
                .filter(s -> s.tool() == Tool.OVN_TRACE && s.remote() && s.ran()
                        && s.label().replace(StepLabels.REMOTE, "").equals(logical.label()))
                .toList();
        StepReport physical = first(steps, Tool.OFPROTO_TRACE, false);
        StepReport receiving = first(steps, Tool.OFPROTO_TRACE, true);
        if (receiving == null) receiving = first(steps, Tool.OVN_DETRACE, true);
        Hop tunnel = physical == null ? null : physical.hops().stream().filter(h -> h.kind() == HopKind.TUNNEL).findFirst().orElse(null);
        String from = firstNonEmpty(logical == null ? "" : logical.node(), physical == null ? "" : physical.node(), sender);
        String to = firstNonEmpty(continued.isEmpty() ? "" : continued.get(0).node(), receiving == null ? "" : receiving.node(),
                Objects.equals(receiver, from) ? "" : receiver);
        boolean crosses = !continued.isEmpty() || receiving != null || tunnel != null;

        List<Hop> hops = new ArrayList<>();
        List<Hop> ports = new ArrayList<>();
        if (logical != null) split(logical.hops(), from, hops, ports);
        boolean dropped = hops.stream().anyMatch(Hop::dropped);
        if (physical != null) dropped |= bridges(physical, from, hops);
        if (crosses && !dropped) {
            ports.removeIf(p -> p.outport().equals("remote"));
            hops.add(tunnel(from, to, tunnel));
            for (StepReport r : continued) {
                ports.clear();
                split(r.hops(), r.node().isEmpty() ? to : r.node(), hops, ports);
            }
            dropped = hops.stream().anyMatch(Hop::dropped);
            if (receiving != null) dropped |= bridges(receiving, to, hops);
        }
        if (!dropped) {
            String last = crosses && !to.isEmpty() ? to : from;
            // across nodes the port that delivers is on the receiving node, whichever trace showed it
            ports.forEach(p -> hops.add(delivering(p.withNode(crosses || p.node().isEmpty() ? last : p.node()), target)));
        }
        return Translations.place(leg, named(hops, drop(steps)), translations);
    }

    /** A pod's port: the OVS interface and OpenFlow port it is on the node (the node survey found them). */
    private static Hop delivering(Hop port, ReportEndpoint target) {
        if (target == null || !port.outport().equals("vif") || target.ovsInterface().isEmpty()) return port;
        return port.withDetail(port.detail() + ", OVS interface " + target.ovsInterface()
                + (target.ofport().isEmpty() ? "" : ", ofport " + target.ofport()));
    }

    /** The logical hop an ACL dropped the packet in says which ACL, and whose policy, as the drop point does. */
    private static List<Hop> named(List<Hop> hops, DropPoint drop) {
        if (drop == null || drop.acl() == null) return hops;
        List<Hop> out = new ArrayList<>(hops);
        for (int i = 0; i < out.size(); i++) {
            Hop h = out.get(i);
            if (h.dropped() && h.kind().datapath() && h.name().equals(drop.datapath())) {
                out.set(i, h.withDetail(h.detail() + (h.detail().isEmpty() ? "" : ", ") + drop.byAcl()));
                break;
            }
        }
        return out;
    }

    /** The ovn-trace the path follows: the one that found a drop, else upstream's, else ovntrace's own check. */
    static StepReport mainOvnTrace(List<StepReport> steps) {
        List<StepReport> locals = steps.stream().filter(s -> s.tool() == Tool.OVN_TRACE && !s.remote() && s.ran()).toList();
        return locals.stream().filter(s -> s.drop() != null).findFirst()
                .or(() -> locals.stream().filter(s -> !s.label().startsWith(StepLabels.NEW_CONNECTION)).findFirst())
                .or(() -> locals.stream().findFirst()).orElse(null);
    }

    /**
     * The drop a leg reports: an explicit drop in ovn-trace first, then where an ovn-trace just ends, then what
     * ovn-detrace names, then the bare OpenFlow drop; a later (receiving node) step only when no earlier one saw one.
     */
    static DropPoint drop(List<StepReport> steps) {
        return steps.stream().map(StepReport::drop).filter(Objects::nonNull)
                .min(Comparator.comparingInt(PathStitcher::rank)).orElse(null);
    }

    private static int rank(DropPoint d) {
        return switch (d.tool()) {
            case OVN_TRACE -> d.action().startsWith("trace ends") ? 1 : 0;
            case OVN_DETRACE -> 2;
            case OFPROTO_TRACE -> 3;
        };
    }

    /** Datapath hops go to the path now; the port hops are kept for the end, where the packet is delivered. */
    private static void split(List<Hop> logical, String node, List<Hop> hops, List<Hop> ports) {
        for (Hop h : logical) {
            Hop placed = h.withNode(h.node().isEmpty() ? node : h.node());
            if (h.kind() == HopKind.PORT) ports.add(placed);
            else hops.add(placed);
        }
    }

    /** Adds the step's bridges (not its tunnel, which the path draws once); whether the packet was dropped there. */
    private static boolean bridges(StepReport step, String node, List<Hop> hops) {
        boolean dropped = false;
        for (Hop h : step.hops()) {
            if (h.kind() != HopKind.BRIDGE) continue;
            hops.add(h.withNode(h.node().isEmpty() ? node : h.node()));
            dropped |= h.dropped();
        }
        return dropped;
    }

    /** The tunnel to the receiving node: named after the node when known, with the key and address the trace shows. */
    private static Hop tunnel(String from, String to, Hop traced) {
        List<String> detail = new ArrayList<>();
        if (traced != null && !traced.detail().isEmpty()) detail.add(traced.detail());
        if (traced != null && !to.isEmpty()) detail.add(traced.name().replaceFirst("^to ", "remote "));
        String name = !to.isEmpty() ? "to " + to : traced != null ? traced.name() : "to the destination node";
        return new Hop(from, HopKind.TUNNEL, name, String.join(", ", detail), false, "", "", "", List.of());
    }

    private static StepReport first(List<StepReport> steps, Tool tool, boolean remote) {
        return steps.stream().filter(s -> s.tool() == tool && s.remote() == remote && s.ran() && !s.hops().isEmpty())
                .findFirst().orElse(null);
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) if (v != null && !v.isEmpty()) return v;
        return "";
    }
}
