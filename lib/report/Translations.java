package ovntrace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovntrace.lib.trace.Leg;

/**
 * Address translations as {@code nat} hops in a leg's path, where they take place. The connection's own translations
 * ({@code LegResult.translations()}: the Service's DNAT, the gateway's SNAT, conntrack undoing them on the reply) win
 * over what the trace shows, and go where the trace shows a translation (the datapath that load-balanced or NATed the
 * packet); a reply's un-DNAT or un-SNAT, which ovn-trace does not simulate, goes just before the delivering port, and
 * a request's that the trace does not show goes after the first datapath. Without connection translations, every
 * load balancing or NAT the trace shows becomes a hop after its datapath.
 */
final class Translations {

    private Translations() {}

    static List<Hop> place(Leg leg, List<Hop> hops, List<String> translations) {
        List<Hop> out = new ArrayList<>();
        boolean placed = translations.isEmpty();
        for (Hop h : hops) {
            out.add(h);
            if (!h.kind().datapath() || h.applied().isEmpty()) continue;
            if (translations.isEmpty()) h.applied().forEach(a -> out.add(shown(h.node(), a)));
            else if (!placed && leg != Leg.REPLY) {
                translations.forEach(t -> out.add(translation(h.node(), t)));
                placed = true;
            }
        }
        if (placed || out.isEmpty()) return out;
        int at;
        if (leg == Leg.REPLY) {
            Hop last = out.get(out.size() - 1);
            if (last.kind() != HopKind.PORT) return out;   // never delivered, so never translated back
            at = out.size() - 1;
        } else {
            int first = 0;
            while (first < out.size() && !out.get(first).kind().datapath()) first++;
            if (first == out.size()) return out;
            at = first + 1;
        }
        Hop where = out.get(Math.min(at, out.size() - 1));
        List<Hop> nat = translations.stream().map(t -> translation(where.node(), t)).toList();
        out.addAll(at, nat);
        return out;
    }

    /** "DNAT 10.96.0.10:80 → 10.244.1.6:8080 (load balancer of ...)": named by its first word, the rest as detail. */
    static Hop translation(String node, String text) {
        int space = text.indexOf(' ');
        return space < 0 ? Hop.of(node, HopKind.NAT, text, "")
                : Hop.of(node, HopKind.NAT, text.substring(0, space), text.substring(space + 1));
    }

    /** A translation the trace shows: "load balancer VIP → backend in stage" or "stage: ct_snat(ip);". */
    static Hop shown(String node, String applied) {
        if (applied.startsWith("load balancer ")) return Hop.of(node, HopKind.NAT, "load balancer", applied.substring(14));
        int colon = applied.indexOf(": ");
        String stage = colon < 0 ? "" : applied.substring(0, colon), action = colon < 0 ? applied : applied.substring(colon + 2);
        String lower = action.toLowerCase(Locale.ROOT);
        String name = lower.contains("snat") ? "SNAT" : lower.contains("dnat") ? "DNAT" : lower.contains("ct_lb") ? "load balancer" : "NAT";
        return Hop.of(node, HopKind.NAT, name, action + (stage.isEmpty() ? "" : " in " + stage));
    }
}
