package ovntrace.lib.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ovntrace.lib.path.Lane.Hop;

/**
 * Lanes as one self-contained inline SVG: each lane a column (request, reply, reverse-initiated side by side, at most
 * three to a row), its hops top to bottom in boxes, the hops of one node inside a rounded rectangle named after the
 * node, a tunnel as a dashed "geneve" arrow between two nodes, the dropped hop red with a ✕. Nothing but SVG elements
 * with presentation attributes: no script, no style sheet (it would leak into the page), no links, no ids. Text is
 * measured as a monospace font (0.6 em per character) and wrapped or cut with "…" to fit; each box has a
 * {@code <title>} with the full text for hovering.
 */
final class SvgDiagram {

    static final String FONT = "DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace";
    private static final int PAD = 16, COL_W = 380, COL_GAP = 36, PER_ROW = 3, ROW_GAP = 32;
    private static final int INSET = 12, BOX_W = COL_W - 2 * INSET, HOP_GAP = 24, GROUP_GAP = 48, LABEL_H = 28;
    private static final Map<String, String> STRIPE = Map.ofEntries(Map.entry("switch", "#54aeff"),
            Map.entry("transit-switch", "#0969da"), Map.entry("join-switch", "#218bff"),
            Map.entry("external-switch", "#1b7c83"), Map.entry("router", "#c297ff"), Map.entry("gateway-router", "#8250df"),
            Map.entry("bridge", "#4ac26b"), Map.entry("port", "#8c959f"), Map.entry("nat", "#d4a72c"),
            Map.entry("tunnel", "#6e7781"));
    private static final Map<String, String> VERDICT = Map.of("pass", "#1a7f37", "fail", "#cf222e", "inconclusive", "#9a6700");

    private SvgDiagram() {}

    static String of(List<Lane> lanes) {
        List<List<Lane>> rows = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i += PER_ROW) rows.add(lanes.subList(i, Math.min(lanes.size(), i + PER_ROW)));
        return rows(rows);
    }

    /** Each row's lanes side by side (at most {@value #PER_ROW}; more wrap onto a row of their own), rows top to bottom. */
    static String rows(List<List<Lane>> asked) {
        List<List<Lane>> rows = new ArrayList<>();
        for (List<Lane> row : asked)
            for (int i = 0; i < row.size(); i += PER_ROW) rows.add(row.subList(i, Math.min(row.size(), i + PER_ROW)));
        int columns = Math.max(1, rows.stream().mapToInt(List::size).max().orElse(1));
        int width = 2 * PAD + columns * COL_W + (columns - 1) * COL_GAP;
        StringBuilder lanesOut = new StringBuilder();
        List<String> summary = new ArrayList<>();
        int y = PAD;
        for (List<Lane> row : rows) {
            int rowHeight = 0;
            for (int c = 0; c < row.size(); c++) {
                Lane lane = row.get(c);
                StringBuilder body = new StringBuilder();
                rowHeight = Math.max(rowHeight, lane(lane, body));
                lanesOut.append("<g transform=\"translate(").append(PAD + c * (COL_W + COL_GAP)).append(',').append(y)
                        .append(")\">").append(body).append("</g>\n");
                summary.add((lane.title() + " " + lane.verdict().toUpperCase(Locale.ROOT)).strip());
            }
            y += rowHeight + ROW_GAP;
        }
        int height = rows.isEmpty() ? 2 * PAD : y - ROW_GAP + PAD;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\" role=\"img\" width=\"" + width
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" + FONT
                + "\" font-size=\"11\" style=\"max-width:100%;height:auto\">\n<title>" + Xml.escape("Packet path: "
                + String.join("; ", summary)) + "</title>\n" + lanesOut + "</svg>\n";
    }

    /** Draws one lane with its top left corner at 0,0; returns its height. */
    private static int lane(Lane lane, StringBuilder out) {
        Segments s = Segments.of(lane);
        String verdict = lane.verdict().toLowerCase(Locale.ROOT);
        out.append("<g class=\"lane\" data-verdict=\"").append(Xml.escape(verdict)).append("\">\n<title>")
                .append(Xml.escape((lane.title() + " " + verdict.toUpperCase(Locale.ROOT)).strip())).append("</title>\n");
        String badge = verdict.isEmpty() ? "?" : verdict.toUpperCase(Locale.ROOT);
        int badgeW = Text.width(badge, 11) + 16;
        out.append(rect(0, 0, badgeW, 20, 10, VERDICT.getOrDefault(verdict, "#6e7781"), "none", 0))
                .append(text(badgeW / 2, 14, badge, 11, "#ffffff", "bold", "middle"));
        List<String> title = Text.wrap(lane.title(), Text.fit(COL_W - badgeW - 8, 13), 3);
        for (int i = 0; i < title.size(); i++) out.append(text(badgeW + 8, 15 + 17 * i, title.get(i), 13, "#1f2328", "bold", null));
        int y = Math.max(20, 17 * title.size() + 2) + 14;
        if (s.groups().isEmpty()) {
            out.append(text(0, y + 14, "no hops traced", 11, "#59636e", null, null)).append("</g>\n");
            return y + 20;
        }
        int[] top = new int[lane.hops().size()], bottom = new int[lane.hops().size()];
        for (int g = 0; g < s.groups().size(); g++) {
            Segments.Group group = s.groups().get(g);
            StringBuilder hops = new StringBuilder();
            int hy = y + LABEL_H;
            for (int i : group.hops()) {
                top[i] = hy;
                hy += hop(s.hop(i), INSET, hy, hops) + HOP_GAP;
                bottom[i] = hy - HOP_GAP;
            }
            int groupH = hy - HOP_GAP + INSET - y;
            boolean logical = group.node().isEmpty();
            out.append("<g class=\"node\" data-node=\"").append(Xml.escape(group.node())).append("\">\n<title>")
                    .append(Xml.escape(logical ? "logical hops, on no particular node" : "node " + group.node()))
                    .append("</title>\n").append(rect(0, y, COL_W, groupH, 10, "#f6f8fa", "#8c959f", 1));
            if (logical) out.append(text(INSET, y + 18, "(logical)", 11, "#59636e", null, null));
            else out.append(text(INSET, y + 18, "node", 10, "#59636e", null, null)).append(text(INSET + 36, y + 18,
                    Text.cut(group.node(), Text.fit(COL_W - 2 * INSET - 36, 12)), 12, "#1f2328", "bold", null));
            out.append(hops).append("</g>\n");
            y += groupH + GROUP_GAP;
        }
        for (Segments.Link link : s.links()) arrow(link, COL_W / 2, bottom[link.from()], top[link.to()], out);
        out.append("</g>\n");
        return y - GROUP_GAP;
    }

    /** One hop's box at x,y; returns its height. */
    private static int hop(Hop hop, int x, int y, StringBuilder out) {
        int textW = BOX_W - 18 - (hop.dropped() ? 28 : 0);
        List<String> detail = Text.wrap(hop.detail(), Text.fit(textW, 11), 3);
        int h = 30 + 15 * detail.size();
        boolean router = hop.kind().endsWith("router");
        String fill = hop.dropped() ? "#ffebe9" : router ? "#fbefff" : "#ffffff";
        String stroke = hop.dropped() ? "#cf222e" : "#8c959f";
        out.append("<g class=\"hop\" data-kind=\"").append(Xml.escape(hop.kind())).append('"')
                .append(hop.dropped() ? " data-dropped=\"true\"" : "").append(">\n<title>")
                .append(Xml.escape(hop.heading() + (hop.node().isEmpty() ? "" : " on node " + hop.node())
                        + (hop.detail().isEmpty() ? "" : "\n" + hop.detail()) + (hop.dropped() ? "\ndropped here" : "")))
                .append("</title>\n").append(rect(x, y, BOX_W, h, 6, fill, stroke, hop.dropped() ? 2 : 1)
                        .replace("/>", hop.tunnel() ? " stroke-dasharray=\"5 3\"/>" : "/>"))
                .append(rect(x + 1, y + 1, 5, h - 2, 2, STRIPE.getOrDefault(hop.kind(), "#afb8c1"), "none", 0));
        String kind = hop.kind().toUpperCase(Locale.ROOT);
        int kindW = Text.width(kind, 10);
        out.append(text(x + 12 + textW, y + 18, kind, 10, hop.dropped() ? "#cf222e" : "#59636e", null, "end"));
        String name = hop.name().isEmpty() ? "(unnamed)" : hop.name();
        out.append(text(x + 12, y + 19, Text.cut(name, Text.fit(textW - kindW - 10, 12)), 12,
                hop.dropped() ? "#cf222e" : "#1f2328", "bold", null));
        for (int i = 0; i < detail.size(); i++) out.append(text(x + 12, y + 34 + 15 * i, detail.get(i), 11, "#424a53", null, null));
        if (hop.dropped()) {
            int cx = x + BOX_W - 18, cy = y + h / 2;
            out.append("<circle cx=\"").append(cx).append("\" cy=\"").append(cy).append("\" r=\"10\" fill=\"#cf222e\"/>")
                    .append("<path d=\"M").append(cx - 4).append(' ').append(cy - 4).append("L").append(cx + 4).append(' ')
                    .append(cy + 4).append("M").append(cx + 4).append(' ').append(cy - 4).append("L").append(cx - 4).append(' ')
                    .append(cy + 4).append("\" stroke=\"#ffffff\" stroke-width=\"2.2\" stroke-linecap=\"round\"/>\n");
        }
        out.append("</g>\n");
        return h;
    }

    private static void arrow(Segments.Link link, int x, int y1, int y2, StringBuilder out) {
        Hop tunnel = link.tunnel();
        String color = tunnel == null ? "#57606a" : "#0969da";
        if (tunnel != null) {
            out.append("<g class=\"tunnel\" data-kind=\"tunnel\">\n<title>").append(Xml.escape(Segments.tunnelLabel(tunnel)
                    + " tunnel" + (tunnel.node().isEmpty() ? "" : " from node " + tunnel.node())
                    + (tunnel.detail().isEmpty() ? "" : "\n" + tunnel.detail()))).append("</title>\n");
        }
        out.append("<line x1=\"").append(x).append("\" y1=\"").append(y1 + 1).append("\" x2=\"").append(x).append("\" y2=\"")
                .append(y2 - 7).append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(tunnel == null ? "1.5" : "2")
                .append('"').append(tunnel == null ? "" : " stroke-dasharray=\"6 4\"").append("/>")
                .append("<path d=\"M").append(x - 5).append(' ').append(y2 - 8).append("L").append(x + 5).append(' ').append(y2 - 8)
                .append("L").append(x).append(' ').append(y2 - 1).append("Z\" fill=\"").append(color).append("\"/>\n");
        if (tunnel != null) {
            String label = Text.cut(Segments.tunnelLabel(tunnel), Text.fit(COL_W / 2 - 16, 11));
            out.append(text(x + 10, (y1 + y2) / 2 + 4, label, 11, color, "bold", null)).append("</g>\n");
        }
    }

    private static String rect(int x, int y, int w, int h, int r, String fill, String stroke, double strokeWidth) {
        return "<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + w + "\" height=\"" + h + "\" rx=\"" + r + "\" fill=\"" + fill
                + "\"" + (strokeWidth > 0 ? " stroke=\"" + stroke + "\" stroke-width=\"" + strokeWidth + "\"" : "") + "/>\n";
    }

    private static String text(int x, int y, String s, int size, String fill, String weight, String anchor) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\" fill=\"" + fill + "\""
                + (weight == null ? "" : " font-weight=\"" + weight + "\"") + (anchor == null ? "" : " text-anchor=\"" + anchor + "\"")
                + ">" + Xml.escape(s) + "</text>\n";
    }
}
