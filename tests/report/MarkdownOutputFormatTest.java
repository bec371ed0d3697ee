package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownOutputFormatTest {

    private final MarkdownOutputFormat md = MarkdownOutputFormat.INSTANCE;

    @Test
    void table_pipes_emphasis_links_and_code_marks_are_backslash_escaped() {
        assertEquals("a\\_b\\|c", md.escapePlainText("a_b|c"));
        assertEquals("\\*x\\* \\[l\\](u) \\`c\\` \\#h \\~s\\~ \\\\", md.escapePlainText("*x* [l](u) `c` #h ~s~ \\"));
    }

    @Test
    void html_cannot_get_through_and_a_value_stays_on_one_line() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt; &amp;", md.escapePlainText("<script>alert(1)</script> &"));
        assertEquals("two lines", md.escapePlainText("two\r\nlines"));
    }

    @Test
    void code_spans_and_fences_outgrow_the_backticks_inside() {
        assertEquals("`plain`", MarkdownCode.span("plain"));
        assertEquals("``a`b``", MarkdownCode.span("a`b"));
        assertEquals("`` `x ``", MarkdownCode.span("`x"));
        assertEquals("```", MarkdownCode.fence("no ticks", 3));
        assertEquals("`````", MarkdownCode.fence("has ```` four", 3));
    }
}
