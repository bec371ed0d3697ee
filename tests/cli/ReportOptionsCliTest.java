package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Report options are checked before anything else happens: a typo costs no cluster round trip and no trace. */
class ReportOptionsCliTest {

    private static final String[] TRACE = {"-src", "a", "-dst", "b", "-tcp", "-kubeconfig", "/nonexistent/kubeconfig"};

    private static OvntraceCli.Run run(String... reportArgs) {
        String[] args = new String[TRACE.length + reportArgs.length];
        System.arraycopy(TRACE, 0, args, 0, TRACE.length);
        System.arraycopy(reportArgs, 0, args, TRACE.length, reportArgs.length);
        return OvntraceCli.run(args);
    }

    @Test
    void a_report_file_without_a_known_extension_is_a_usage_error_before_the_cluster_is_contacted() {
        OvntraceCli.Run r = run("--report", "incident.pdf");
        assertEquals(2, r.exitCode(), r.describe());
        assertEquals(1, r.errorLines().size(), r.describe());
        assertTrue(r.stderr().contains("incident.pdf") && r.stderr().contains(".md, .html or .json"), r.describe());
        assertFalse(r.stderr().contains("kubeconfig"), "the kubeconfig was not even looked at:\n" + r.describe());
        assertEquals("", r.stdout());
    }

    @Test
    void an_unknown_stdout_format_is_a_usage_error() {
        OvntraceCli.Run r = run("--format", "xml");
        assertEquals(2, r.exitCode(), r.describe());
        assertEquals(List.of("--format xml: unknown format; use md, html or json"), r.errorLines());
    }

    @Test
    void a_template_dir_that_does_not_exist_is_one_error_line() {
        OvntraceCli.Run r = run("--report", "out.html", "--template-dir", "/nonexistent/templates");
        assertEquals(1, r.exitCode(), r.describe());
        assertEquals(1, r.errorLines().size(), r.describe());
        assertTrue(r.stderr().contains("/nonexistent/templates"), r.describe());
        assertFalse(r.stderr().contains("\tat "), "no stack trace:\n" + r.describe());
    }
}
