package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import ovntrace.support.E2e;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/** The README promises one command that brings up the local cluster, traces the docs example and writes a report. */
class ReadmeDemoTest {

    static String readmeCommand(String marker) {
        Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```bash\\n(.*?)\\n```", Pattern.DOTALL).matcher(Repo.read("README.md"));
        assertTrue(m.find(), "README.md has no command under <!-- " + marker + " -->");
        return m.group(1).trim();
    }

    @Test
    void the_demo_command_runs_verbatim_and_writes_a_report_of_both_directions() throws Exception {
        E2e.requireEnabled();
        String demo = readmeCommand("demo-command");
        Outcome o = Processes.bash(demo, Map.of("NO_COLOR", "1"), Duration.ofMinutes(10));
        assertEquals(0, o.exitCode(), "README demo failed:\n" + o.describe());

        Matcher named = Pattern.compile("--report (\\S+)").matcher(demo);
        assertTrue(named.find(), "the demo command names its report");
        Path report = Repo.root().resolve(named.group(1));
        assertTrue(Files.isRegularFile(report), "report written: " + report);
        assertTrue(o.stderr().contains(report.getFileName().toString()), "the run says where the report is:\n" + o.stderr());
        String html = Files.readString(report);
        assertTrue(html.contains("fedora-deployment-7d49fddf69-chmvh") && html.contains("fedora-deployment-7d49fddf69-t4hqw"), "both pods named");
        assertTrue(html.contains("source pod to destination pod") && html.contains("destination pod to source pod"),
                "report holds both directions");
        Files.delete(report);
    }

    @Test
    void the_test_command_is_what_ci_runs() {
        String ci = Repo.read(".ci/run");
        assertTrue(ci.contains("<!-- test-command -->"), ".ci/run reads the README's test command");
        assertTrue(readmeCommand("test-command").endsWith("mvn -B test"), "the README's test command runs the Maven suite");
    }

    @AfterAll
    static void stopTheDemoCluster() {
        if (E2e.enabled()) Processes.bash("./jbang ovntrace-sandbox down", Map.of(), Duration.ofMinutes(2));
    }
}
