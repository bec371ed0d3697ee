package ovntrace.lib.path;

import java.util.List;
import java.util.Set;

/**
 * One traced direction (request, reply, reverse-initiated) as the diagrams draw it: a title, its verdict and the hops
 * the packet took, in order. Nulls become empty strings and empty lists; kinds and verdicts outside the known sets are
 * kept and drawn plainly, so a diagram never fails a report.
 */
public record Lane(String title, String verdict, List<Hop> hops) {

    public static final Set<String> VERDICTS = Set.of("pass", "fail", "inconclusive");

    public Lane {
        title = title == null ? "" : title;
        verdict = verdict == null ? "" : verdict;
        hops = hops == null ? List.of() : List.copyOf(hops);
    }

    /**
     * One step of the path. {@code node}: the Kubernetes node it happens on (empty for a purely logical hop);
     * {@code kind}: one of {@link #KINDS}; {@code detail}: e.g. "table 44" or "10.244.1.5:8080 → 10.96.100.10:80
     * (un-DNAT)"; {@code dropped}: the packet ends here.
     */
    public record Hop(String node, String kind, String name, String detail, boolean dropped) {

        public static final List<String> KINDS = List.of("switch", "router", "gateway-router", "transit-switch",
                "join-switch", "external-switch", "bridge", "tunnel", "port", "nat");

        public Hop {
            node = node == null ? "" : node;
            kind = kind == null ? "" : kind;
            name = name == null ? "" : name;
            detail = detail == null ? "" : detail;
        }

        public boolean tunnel() {
            return kind.equals("tunnel");
        }

        /** "kind name", or whichever of the two is set. */
        public String heading() {
            return (kind + " " + name).strip();
        }
    }
}
