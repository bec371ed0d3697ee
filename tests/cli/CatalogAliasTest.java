package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/** A first-time user: no JBang installed, an empty JBang home, only the checkout's ./jbang wrapper and Maven. */
class CatalogAliasTest {

    @Test
    void help_runs_through_the_catalog_alias_from_a_fresh_jbang_home(@TempDir Path jbangHome) {
        Outcome o = Processes.run(List.of("./jbang", "ovntrace", "--help"), Repo.root(),
                Map.of("JBANG_DIR", jbangHome.toString(), "OVNTRACE_BOOTSTRAP_JBANG", "1", "NO_COLOR", "1"),
                Duration.ofMinutes(5));
        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(o.stdout().contains("-src"), "help lists upstream's flags:\n" + o.describe());
        assertTrue(o.stdout().contains("--fail-fast"), "help lists ovntrace's own flags:\n" + o.describe());
        assertTrue(o.stdout().contains("Example"), "help shows examples:\n" + o.describe());
        assertTrue(Files.isDirectory(jbangHome.resolve("mvn-bootstrap")), "JBang was bootstrapped into the fresh home");
    }

    @Test
    void every_catalog_script_builds_with_jbang() throws Exception {
        for (String script : List.of("ovntrace.java", "sandbox.java", "report.java", "shell.java")) {
            Outcome o = Processes.run(List.of("./jbang", "build", script), Repo.root(), Map.of(), Duration.ofMinutes(5));
            assertEquals(0, o.exitCode(), script + " does not build with JBang (missing //SOURCES, //FILES or //DEPS?)\n" + o.describe());
        }
    }

    @Test
    void empty_arguments_reach_the_script_through_the_wrapper() {
        // JBang writes an empty argument as nothing at all; the wrapper must carry it, or -src '' eats the next flag
        Outcome o = Processes.run(List.of("./jbang", "ovntrace", "-src", "", "-tcp", "-dst", "b"), Repo.root(),
                Map.of("OVNTRACE_BOOTSTRAP_JBANG", "1", "NO_COLOR", "1"), Duration.ofMinutes(5));
        assertEquals(1, o.exitCode(), o.describe());
        assertEquals(List.of("Usage: source pod must be specified"), o.stderr().lines().filter(l -> !l.startsWith("[jbang]")).toList(),
                o.describe());
    }
}
