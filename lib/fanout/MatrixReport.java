package ovntrace.lib.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.report.Format;
import ovntrace.report.Report;
import ovntrace.report.ReportException;
import ovntrace.report.ReportJson;
import ovntrace.report.ReportRenderer;

/**
 * A matrix's report: a grid of verdicts (rows sources, columns destination and port) whose cells link to each cell's
 * full trace section. A section is the single-run report of that cell, rendered by the same templates, so a cell reads
 * exactly as {@code ovntrace --report} would show that one trace; JSON ({@code "kind": "matrix"}) holds every cell's
 * single-run report as is.
 */
public final class MatrixReport {

    public static final String KIND = "matrix";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MatrixReport() {}

    /** A grid cell or a section, as the templates see it; {@code body} is already rendered markup. */
    public record View(String id, String label, String verdict, String word, String why, String body) {}

    public static String render(MatrixResult result, Format format, ReportRenderer renderer) throws ReportException {
        if (format == Format.JSON) return json(result);
        List<List<View>> grid = new ArrayList<>();
        List<View> sections = new ArrayList<>();
        String style = "";
        for (int r = 0; r < result.rows().size(); r++) {
            List<View> row = new ArrayList<>();
            for (int c = 0; c < result.columns().size(); c++) {
                CellOutcome o = result.at(r, c);
                String body = "";
                if (o.report() != null) {
                    String single = renderer.render(o.report(), format);
                    if (format == Format.HTML) {
                        if (style.isEmpty()) style = between(single, "<style>", "</style>");
                        body = scoped(between(single, "<body>", "</body>"), o.cell().id());
                    } else {
                        body = demoted(single);
                    }
                }
                View v = new View(o.cell().id(), o.cell().label(), o.verdict().name().replace('_', ' '), o.verdict().word(), o.why(), body);
                row.add(v);
                sections.add(v);
            }
            grid.add(row);
        }
        Map<String, Object> model = Map.of("summary", result.summary(), "generatedAt", Instant.now().toString(),
                "rows", result.rows().stream().map(m -> m.pod().toString()).toList(),
                "columns", result.columns().stream().map(MatrixReport::columnLabel).toList(),
                "grid", grid, "sections", sections, "style", style, "exitCode", result.exitCode());
        return renderer.render(format == Format.HTML ? "matrix.html.ftl" : "matrix.md.ftl", model);
    }

    static String columnLabel(Column c) {
        return c.heading();
    }

    /** The JSON: every cell with its verdict and, when it ran, its single-run report (schema of report.schema.json). */
    static String json(MatrixResult result) throws ReportException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", KIND).put("generator", Report.GENERATOR).put("generatedAt", Instant.now().toString())
                .put("summary", result.summary()).put("exitCode", result.exitCode()).put("elapsedMs", result.elapsed().toMillis())
                .put("stopped", result.stopped());
        ArrayNode rows = root.putArray("rows");
        result.rows().forEach(m -> rows.addObject().put("pod", m.pod().toString()).put("node", m.node()));
        ArrayNode columns = root.putArray("columns");
        result.columns().forEach(c -> columns.addObject().put("label", c.label()).put("port", c.port()).put("node", c.node())
                .put("family", c.family().map(f -> f.label()).orElse(null)));
        ArrayNode cells = root.putArray("cells");
        try {
            for (CellOutcome o : result.outcomes()) {
                ObjectNode cell = cells.addObject().put("id", o.cell().id()).put("row", o.cell().row()).put("column", o.cell().column())
                        .put("source", o.cell().source().pod().toString()).put("destination", o.cell().destination().label())
                        .put("port", o.cell().destination().port()).put("protocol", o.cell().request().protocol().name())
                        .put("family", o.cell().request().family().label())
                        .put("verdict", o.verdict().word()).put("why", o.why());
                if (o.error() != null) cell.put("error", o.error());
                if (o.report() != null) cell.set("report", MAPPER.readTree(ReportJson.toJson(o.report())));
            }
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ReportException("the matrix report does not serialise: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean closes(String line, String fence) {
        return line.startsWith(fence) && line.chars().allMatch(ch -> ch == fence.charAt(0));
    }

    private static String between(String text, String open, String close) {
        int a = text.indexOf(open), b = text.lastIndexOf(close);
        return a < 0 || b < a ? "" : text.substring(a + open.length(), b);
    }

    private static final Pattern FENCE = Pattern.compile("`{3,}|~{3,}");
    private static final Pattern ANCHORS = Pattern.compile("(id=\"|href=\"#)([^\"]*)\"");

    /** A cell's HTML body with its ids and in-page links prefixed by the cell's id, so sections do not collide. */
    static String scoped(String body, String cellId) {
        Matcher m = ANCHORS.matcher(body);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + cellId + "-" + m.group(2) + "\""));
        m.appendTail(b);
        return b.toString();
    }

    /** A cell's Markdown one heading level down (its title becomes the section's), leaving code blocks alone. */
    static String demoted(String markdown) {
        StringBuilder b = new StringBuilder();
        String fence = null; // the open code block's fence: it closes only with at least as many of its characters
        for (String line : markdown.split("\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.lookingAt()) fence = f.group();
            else if (fence != null && closes(line.strip(), fence)) fence = null;
            else if (fence == null && line.startsWith("#")) line = "#" + line;
            b.append(line).append('\n');
        }
        return b.toString().stripTrailing() + "\n";
    }
}
