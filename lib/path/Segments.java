package ovntrace.lib.path;

import java.util.ArrayList;
import java.util.List;
import ovntrace.lib.path.Lane.Hop;

/**
 * A lane cut into what both diagrams draw: groups of consecutive hops on the same Kubernetes node, and the links between
 * consecutive drawn hops. A tunnel hop between two other hops is not drawn as a box but as the link between them (the
 * packet leaves one node and arrives on the next); a tunnel hop where the packet is dropped, or that starts or ends the
 * path, stays a box so that it can be marked.
 */
record Segments(Lane lane, List<Group> groups, List<Link> links) {

    /** Hops (indices into the lane's hops) on one node, drawn together; {@code node} may be empty for logical hops. */
    record Group(String node, List<Integer> hops) {}

    /** From one drawn hop to the next; {@code tunnel} is the tunnel hop the link stands for, or null. */
    record Link(int from, int to, Hop tunnel) {}

    static Segments of(Lane lane) {
        List<Hop> hops = lane.hops();
        List<Group> groups = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        String node = null;
        List<Integer> current = null;
        int previous = -1;
        Hop pendingTunnel = null;
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            if (isLink(hops, i)) {
                pendingTunnel = hop;
                continue;
            }
            if (current == null || !hop.node().equals(node) || pendingTunnel != null) {
                current = new ArrayList<>();
                groups.add(new Group(hop.node(), current));
                node = hop.node();
            }
            current.add(i);
            if (previous >= 0) links.add(new Link(previous, i, pendingTunnel));
            pendingTunnel = null;
            previous = i;
        }
        return new Segments(lane, groups.stream().map(g -> new Group(g.node(), List.copyOf(g.hops()))).toList(),
                List.copyOf(links));
    }

    /** A tunnel hop drawn as a link: not dropped, and with an ordinary hop on either side. */
    static boolean isLink(List<Hop> hops, int i) {
        Hop hop = hops.get(i);
        return hop.tunnel() && !hop.dropped() && i > 0 && i < hops.size() - 1
                && !hops.get(i - 1).tunnel() && !hops.get(i + 1).tunnel();
    }

    /** The label of a link drawn for a tunnel: "geneve", then the tunnel hop's name when it says more. */
    static String tunnelLabel(Hop tunnel) {
        String name = tunnel.name().strip();
        return name.isEmpty() || name.equalsIgnoreCase("geneve") ? "geneve" : "geneve " + name;
    }

    Hop hop(int index) {
        return lane.hops().get(index);
    }
}
