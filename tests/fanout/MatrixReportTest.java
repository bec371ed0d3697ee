package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a cell's single-run report is fitted into the matrix report's page. */
class MatrixReportTest {

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
