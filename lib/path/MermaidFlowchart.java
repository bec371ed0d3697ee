package ovntrace.lib.path;

import java.util.ArrayList;
import java.util.List;
import ovntrace.lib.path.Lane.Hop;

/**
 * A lane as a Mermaid {@code flowchart LR}: one subgraph per run of hops on the same node, a tunnel as a labelled edge
 * between two subgraphs, the dropped hop in red. Identifiers are generated (g0.., h0..); every piece of data is inside
 * a quoted label with Mermaid's own entity codes for the characters that could end the string or turn into markup.
 */
final class MermaidFlowchart {

    private MermaidFlowchart() {}

    static String of(Lane lane) {
        Segments s = Segments.of(lane);
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (int g = 0; g < s.groups().size(); g++) {
            Segments.Group group = s.groups().get(g);
            String indent = "  ";
            if (!group.node().isEmpty()) {
                out.append("  subgraph g").append(g).append("[\"").append(text(group.node())).append("\"]\n");
                // without it, a subgraph with no edge leaving it (a one-node path) would be drawn top to bottom
                out.append("    direction LR\n");
                indent = "    ";
            }
            for (int i : group.hops()) out.append(indent).append('h').append(i).append("[\"").append(label(s.hop(i))).append("\"]\n");
            if (!group.node().isEmpty()) out.append("  end\n");
        }
        for (Segments.Link link : s.links()) {
            out.append("  h").append(link.from());
            if (link.tunnel() == null) out.append(" --> ");
            else out.append(" -.->|\"").append(text(Segments.tunnelLabel(link.tunnel()))).append("\"| ");
            out.append('h').append(link.to()).append('\n');
        }
        classes(s, out);
        return out.toString();
    }

    private static void classes(Segments s, StringBuilder out) {
        List<String> routers = new ArrayList<>(), tunnels = new ArrayList<>(), drops = new ArrayList<>();
        for (Segments.Group group : s.groups()) {
            for (int i : group.hops()) {
                Hop hop = s.hop(i);
                if (hop.kind().endsWith("router")) routers.add("h" + i);
                if (hop.tunnel()) tunnels.add("h" + i);
                if (hop.dropped()) drops.add("h" + i);
            }
        }
        // the drop class comes last so that its colours win over the kind's
        if (!routers.isEmpty()) out.append("  classDef router fill:#fbefff,stroke:#c297ff\n");
        if (!tunnels.isEmpty()) out.append("  classDef tunnel fill:#f6f8fa,stroke:#6e7781,stroke-dasharray:4 3\n");
        if (!drops.isEmpty()) out.append("  classDef drop fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#cf222e\n");
        if (!routers.isEmpty()) out.append("  class ").append(String.join(",", routers)).append(" router\n");
        if (!tunnels.isEmpty()) out.append("  class ").append(String.join(",", tunnels)).append(" tunnel\n");
        if (!drops.isEmpty()) out.append("  class ").append(String.join(",", drops)).append(" drop\n");
    }

    /** The hop's box: "kind name", then the detail on a second line; a dropped hop starts with ✕. */
    static String label(Hop hop) {
        String heading = hop.heading().isEmpty() ? "hop" : hop.heading();
        String label = (hop.dropped() ? "✕ " : "") + text(heading);
        if (!hop.detail().isBlank()) label += "<br>" + text(hop.detail());
        if (hop.dropped()) label += "<br>dropped";
        return label;
    }

    /**
     * Text for inside {@code "..."}: Mermaid turns {@code #name;} and {@code #123;} into HTML entities, so '#' itself, the
     * quote, markup characters and the backtick (a leading one would make a Markdown string) are written that way; line
     * breaks and other control characters become spaces. (Mermaid itself shows the character pairs "¶ß" and "ﬂ°", its
     * internal entity placeholders, as ";" and "&" however they are written; they never occur in OVN output.)
     */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '#' -> out.append("#35;");
                case '"' -> out.append("#quot;");
                case '&' -> out.append("#amp;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '`' -> out.append("#96;");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) out.append(' ');
                    else out.appendCodePoint(c);
                }
            }
        });
        return out.toString();
    }
}
