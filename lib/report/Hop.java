package ovntrace.report;

import java.util.List;

/**
 * One place the packet went through, on one Kubernetes {@code node} (always named: the node whose trace shows the hop).
 * {@code detail} is one line for people and diagrams (the tables a bridge crossed, a tunnel's key, a translation's
 * before → after, why it was dropped). {@code zone} is the interconnect zone of a logical hop (empty on a central
 * cluster), {@code inport}/{@code outport} its logical ports ({@code outport} of a {@code port} hop is the port type),
 * {@code applied} the NAT and load balancing the trace shows there.
 */
public record Hop(String node, HopKind kind, String name, String detail, boolean dropped, String zone, String inport,
                  String outport, List<String> applied) {

    public Hop {
        node = node == null ? "" : node;
        detail = detail == null ? "" : detail;
        applied = List.copyOf(applied);
    }

    static Hop of(String node, HopKind kind, String name, String detail) {
        return new Hop(node, kind, name, detail, false, "", "", "", List.of());
    }

    Hop withNode(String n) {
        return new Hop(n, kind, name, detail, dropped, zone, inport, outport, applied);
    }

    /** The same hop, not dropped: a step the engine judged passing ends here by design (e.g. at an un-SNAT ovn-trace does not simulate). */
    Hop kept() {
        return new Hop(node, kind, name, detail, false, zone, inport, outport, applied);
    }

    Hop withDetail(String d) {
        return new Hop(node, kind, name, d, dropped, zone, inport, outport, applied);
    }

    Hop dropped(String why) {
        return new Hop(node, kind, name, why.isEmpty() ? detail : detail.isEmpty() ? why : detail + "; " + why, true,
                zone, inport, outport, applied);
    }
}
