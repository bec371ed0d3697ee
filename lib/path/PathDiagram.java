package ovntrace.lib.path;

import java.util.List;

/**
 * The packet path of traced directions as diagrams for the reports: a Mermaid flowchart per direction for Markdown,
 * and one inline SVG for all directions for HTML. Pure functions of their input; no dependencies beyond the JDK.
 */
public final class PathDiagram {

    private PathDiagram() {}

    /**
     * A Mermaid {@code flowchart LR}: one subgraph per run of hops on the same Kubernetes node, tunnels as labelled
     * dashed edges between them, the dropped hop in the {@code drop} class. Safe for a fenced Markdown block: no data
     * can end a label, add a statement or open a fence.
     */
    public static String mermaid(Lane lane) {
        return MermaidFlowchart.of(lane);
    }

    /**
     * One self-contained {@code <svg>} element: no script, style sheet or external reference, all text escaped.
     * Node groups carry {@code data-node}, hops and tunnels {@code data-kind}, the dropped hop {@code data-dropped}.
     */
    public static String svg(List<Lane> lanes) {
        return SvgDiagram.of(lanes);
    }

    /**
     * As {@link #svg}, with the lanes laid out in the given rows: each row's lanes side by side, the rows one below the
     * other (a report draws a connection's request and reply next to each other and other checks below them).
     */
    public static String svgRows(List<List<Lane>> rows) {
        return SvgDiagram.rows(rows);
    }
}
