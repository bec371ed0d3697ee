package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Repo;
import ovntrace.support.TestTraces;

/** {@code ovntrace-report} (report.java) as a user runs it: a saved JSON report in, any format out. */
class ReportScriptTest {

    private static Processes.Outcome run(Path dir, String... args) {
        List<String> cmd = Processes.java("report");
        cmd.addAll(List.of(args));
        return Processes.run(cmd, dir, Map.of(), Duration.ofSeconds(60));
    }

    private static Path saved(Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        Files.writeString(json, ReportJson.toJson(Report.from(TestTraces.docsExample())));
        return json;
    }

    @Test
    void re_renders_a_saved_report_to_stdout_and_to_files(@TempDir Path dir) throws Exception {
        Path json = saved(dir);
        Processes.Outcome md = run(dir, json.toString());
        assertEquals(0, md.exitCode(), md.describe());
        assertTrue(md.stdout().startsWith("# ovntrace: ❔ INCONCLUSIVE"), md.describe());
        Processes.Outcome files = run(dir, json.toString(), "-o", "out/r.html", "--report", "r.json");
        assertEquals(0, files.exitCode(), files.describe());
        assertEquals("", files.stdout());
        assertTrue(Files.readString(dir.resolve("out/r.html")).contains("id=\"leg-request\""));
        assertEquals(ReportJson.read(json), ReportJson.read(dir.resolve("r.json")));
        assertTrue(files.stderr().contains("wrote out/r.html"));
    }

    @Test
    void a_template_dir_changes_the_output(@TempDir Path dir) throws Exception {
        Path json = saved(dir);
        Files.createDirectories(dir.resolve("tpl"));
        Files.writeString(dir.resolve("tpl/report.html.ftl"), "<p>${report.legs()?size} legs</p>");
        Processes.Outcome o = run(dir, json.toString(), "--format", "html", "--template-dir", "tpl");
        assertEquals(0, o.exitCode(), o.describe());
        assertEquals("<p>2 legs</p>", o.stdout());
    }

    @Test
    void bad_input_is_one_line_on_stderr_with_exit_status_1(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"generator\": \"ovntrace\", \"schemaVersion\": 7}");
        Processes.Outcome o = run(dir, "bad.json");
        assertEquals(1, o.exitCode(), o.describe());
        assertEquals(List.of("ovntrace-report: bad.json: report schema version 7, this ovntrace reads versions 1 and 2; "
                + "re-render it with a matching ovntrace-report"), o.stderr().lines().toList());
        assertFalse(o.stderr().contains("Exception"));
    }

    /** Issue 14, item 3a: a matrix's JSON holds many reports; the script says so in one line rather than guess. */
    @Test
    void a_matrix_report_is_refused_with_one_line_that_says_what_to_do(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("matrix.json"), "{\"kind\": \"matrix\", \"generator\": \"ovntrace\", \"cells\": []}");
        Processes.Outcome o = run(dir, "matrix.json");
        assertEquals(1, o.exitCode(), o.describe());
        assertEquals(1, o.stderr().lines().count(), o.describe());
        assertTrue(o.stderr().startsWith("ovntrace-report: matrix.json: a matrix report (\"kind\": \"matrix\")"), o.describe());
        assertTrue(o.stderr().contains("cell's \"report\""), o.describe());
    }

    /** A report saved before schema version 2 still renders: its forward direction is the connection's request. */
    @Test
    void re_renders_a_version_1_report(@TempDir Path dir) throws Exception {
        Path v1 = Repo.file("tests/fixtures/report-v1.json");
        Processes.Outcome o = run(dir, v1.toString(), "-o", "old.html", "-o", "old.json");
        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(Files.readString(dir.resolve("old.html")).contains("id=\"leg-request\""));
        String json = Files.readString(dir.resolve("old.json"));
        assertTrue(json.contains("\"schemaVersion\" : 2") && json.contains("reply not traced (schema v1 report)"), json);
        Processes.Outcome md = run(dir, v1.toString());
        assertTrue(md.stdout().startsWith("# ovntrace: ❌ FAIL"), md.describe());
        assertTrue(md.stdout().contains("dropped by ACL NP:restricted:Ingress"), md.stdout());
    }

    @Test
    void usage_errors_exit_with_status_2(@TempDir Path dir) throws Exception {
        Path json = saved(dir);
        assertEquals(2, run(dir, json.toString(), "--format", "pdf").exitCode());
        assertEquals(2, run(dir, json.toString(), "-o", "r.txt").exitCode());
        assertEquals(2, run(dir).exitCode());
    }

    @Test
    void prints_the_json_schema() throws Exception {
        Processes.Outcome o = run(Path.of("."), "--schema");
        assertEquals(0, o.exitCode());
        assertEquals(ReportJson.schema(), o.stdout());
    }
}
