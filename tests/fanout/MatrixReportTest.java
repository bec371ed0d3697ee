package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.trace.TraceResult;
import ovntrace.report.Format;
import ovntrace.report.Report;
import ovntrace.report.ReportJson;
import ovntrace.report.ReportRenderer;
import ovntrace.support.TestTraces;

/**
 * A matrix's report: the grid links every cell to its section, and a section is that cell's single-run report as
 * {@code ovntrace --report} renders it, fitted into the page (headings one level down, ids scoped).
 */
class MatrixReportTest {

    /** Two cells: the documentation example traced, and a cell whose pod was gone. */
    static MatrixResult result() {
        TraceResult traced = TestTraces.docsExample();
        Cell ran = Cells.cell(0, "ovn-worker", "ovn-worker2"), gone = Cells.cell(1, "ovn-worker", "ovn-worker2");
        return new MatrixResult(List.of(CellOutcome.traced(ran, traced, Report.from(traced)),
                CellOutcome.failedToRun(gone, "Failed to get information from pod front-1: pods \"front-1\" not found")), Duration.ZERO, false);
    }

    @Test
    void the_markdown_grid_links_each_cell_to_its_section_which_is_the_single_run_report() throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        MatrixResult result = result();
        String md = MatrixReport.render(result, Format.MD, renderer);
        assertTrue(md.startsWith("# ovntrace matrix\n\n**2 cells: 0 passed, 0 failed, 2 errors**\n"), md);
        assertTrue(md.contains("| shop/front-0 | [❔ INCONCLUSIVE](#cell-0-0) |"), md);
        assertTrue(md.contains("| shop/front-1 | [⚠️ ERROR](#cell-1-0) |"), md);
        String single = renderer.render(result.outcomes().get(0).report(), Format.MD);
        assertTrue(md.contains("<a id=\"cell-0-0\"></a>\n\n" + MatrixReport.demoted(single)), md);
        assertTrue(md.contains("## ⚠️ ERROR — shop/front-1 → shop/api-ovn-worker2:80/TCP\n\nFailed to get information from pod front-1"), md);
    }

    @Test
    void the_html_grid_holds_every_cell_and_each_section_the_cells_own_report() throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        String html = MatrixReport.render(result(), Format.HTML, renderer);
        assertTrue(html.contains("<a href=\"#cell-0-0\""), html);
        assertTrue(html.contains("<section class=\"cell\" id=\"cell-1-0\">"), html);
        assertTrue(html.contains("id=\"cell-0-0-leg-request\""), "the single-run body, ids scoped");
        assertTrue(html.contains(".badge {"), "the single-run style is shared");
        assertTrue(html.contains("pods &quot;front-1&quot; not found"), "escaped");
    }

    @Test
    void the_json_is_kind_matrix_with_every_cell_and_the_single_run_report_of_each_that_ran() throws Exception {
        MatrixResult result = result();
        JsonNode json = new ObjectMapper().readTree(MatrixReport.render(result, Format.JSON, null));
        assertEquals("matrix", json.path("kind").asText());
        assertEquals(1, json.path("exitCode").asInt());
        assertEquals(2, json.path("cells").size());
        JsonNode ran = json.path("cells").get(0), gone = json.path("cells").get(1);
        assertEquals("inconclusive", ran.path("verdict").asText());
        assertEquals(ReportJson.toJson(result.outcomes().get(0).report()),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ran.path("report")) + "\n",
                "the cell's report is the single run's JSON");
        assertEquals("error", gone.path("verdict").asText());
        assertTrue(gone.path("report").isMissingNode());
    }

    @Test
    void a_cells_markdown_goes_one_heading_level_down_but_its_code_blocks_stay_as_they_are() {
        String md = "# ovntrace: PASS\n\n## Request\n\n````\n# not a heading\n```\n## still code\n````\n\n### Steps\n";
        assertEquals("## ovntrace: PASS\n\n### Request\n\n````\n# not a heading\n```\n## still code\n````\n\n#### Steps\n",
                MatrixReport.demoted(md));
    }

    @Test
    void a_cells_html_ids_and_in_page_links_are_prefixed_so_that_sections_do_not_collide() {
        assertEquals("<section id=\"cell-0-1-leg-request\"><a href=\"#cell-0-1-drop-request\">drop</a><a href=\"https://x\">x</a>",
                MatrixReport.scoped("<section id=\"leg-request\"><a href=\"#drop-request\">drop</a><a href=\"https://x\">x</a>", "cell-0-1"));
    }
}
