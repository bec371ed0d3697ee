package ovntrace.report;

import java.util.List;
import ovntrace.lib.path.Lane;
import ovntrace.lib.path.PathDiagram;
import ovntrace.lib.policy.LegPolicy;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Verdict;

/**
 * One leg of the connection as traced ({@link Leg}): who sent to whom, the {@code tuple} its packets carried (null
 * when unknown) and the {@code translations} on the way, the verdict and reason as the trace engine judged them, the
 * packet's path across both nodes ({@code hops}, see {@link PathStitcher}), where it was dropped if it was, and every
 * step that ran for it, and the {@code policy} that let it through or dropped it (null in a report saved before
 * ovntrace explained policy).
 */
public record LegReport(Leg leg, String from, String to, Tuple tuple, List<String> translations, Verdict verdict,
                        String reason, List<Hop> hops, DropPoint drop, List<StepReport> steps, LegPolicy policy) {

    /** Addresses and ports as the packet leaves its sender. */
    public record Tuple(String protocol, String srcIp, int srcPort, String dstIp, int dstPort) {}

    public LegReport {
        translations = List.copyOf(translations);
        hops = List.copyOf(hops);
        steps = List.copyOf(steps);
    }

    /** {@code request}, {@code reply} or {@code reverse-initiated}: the HTML ids and headings use it. */
    public String id() {
        return leg.id();
    }

    public String title() {
        return leg.id() + ": " + from + " → " + to;
    }

    public Lane lane() {
        return new Lane(title(), verdict.name().toLowerCase(java.util.Locale.ROOT), hops.stream()
                .map(h -> new Lane.Hop(h.node(), h.kind().id(), h.name(), h.detail(), h.dropped())).toList());
    }

    /** The path as a Mermaid flowchart, for a fenced {@code mermaid} block. */
    public String mermaid() {
        return PathDiagram.mermaid(lane());
    }
}
