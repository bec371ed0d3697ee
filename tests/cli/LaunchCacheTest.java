package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/**
 * ./jbang's launch cache: a repeated run of a catalog alias goes straight to the java command line JBang resolved
 * before, and a change to the script, a //SOURCES file or the catalog is never answered with the old program.
 */
class LaunchCacheTest {

    @Test
    void a_repeated_run_skips_jbang_and_any_change_is_resolved_again(@TempDir Path tmp) throws IOException {
        Path checkout = copyOfTheCatalog(tmp.resolve("checkout"));
        Path jbangHome = tmp.resolve("jbang-home");
        Map<String, String> env = Map.of("JBANG_DIR", jbangHome.toString(), "OVNTRACE_BOOTSTRAP_JBANG", "1", "NO_COLOR", "1");

        Outcome first = run(checkout, env, "ovntrace", "--version");
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.stdout().startsWith("ovntrace 0.1.0"), first.describe());
        try (Stream<Path> entries = Files.list(jbangHome.resolve("cache/launch"))) {
            assertEquals(1, entries.count(), "one launch entry was kept");
        }

        // JBang broken: only a run that does not start it can still work (and it keeps an empty argument)
        Path bootstrap;
        try (Stream<Path> files = Files.list(jbangHome.resolve("mvn-bootstrap"))) {
            bootstrap = files.filter(f -> f.toString().endsWith(".classpath")).findFirst().orElseThrow();
        }
        String jbangClassPath = Files.readString(bootstrap);
        Files.writeString(bootstrap, checkout.resolve("ovntrace.java").toString());
        Outcome cached = run(checkout, env, "ovntrace", "-src", "", "-tcp", "-dst", "b");
        assertEquals(1, cached.exitCode(), cached.describe());
        assertEquals(List.of("Usage: source pod must be specified"), cached.stderr().lines().toList(), cached.describe());
        Files.writeString(bootstrap, jbangClassPath);

        // a //SOURCES file changed: the edited program runs, not the cached one
        Path options = checkout.resolve("lib/api/TraceOptions.java");
        Files.writeString(options, Files.readString(options).replace("source pod must be specified", "source pod must be given (edited)"));
        Outcome edited = run(checkout, env, "ovntrace", "-src", "", "-tcp", "-dst", "b");
        assertEquals(1, edited.exitCode(), edited.describe());
        assertTrue(edited.stderr().contains("Usage: source pod must be given (edited)"), edited.describe());

        // the catalog changed: the alias's new arguments apply
        Path catalog = checkout.resolve("jbang-catalog.json");
        Files.writeString(catalog, Files.readString(catalog).replaceFirst("\"script-ref\": \"ovntrace.java\",",
                "\"script-ref\": \"ovntrace.java\", \"arguments\": [\"--version\"],"));
        Outcome aliased = run(checkout, env, "ovntrace");
        assertEquals(0, aliased.exitCode(), aliased.describe());
        assertTrue(aliased.stdout().startsWith("ovntrace 0.1.0"), aliased.describe());

        // the entry script changed
        Path script = checkout.resolve("ovntrace.java");
        Files.writeString(script, Files.readString(script).replace("\"ovntrace 0.1.0 ", "\"ovntrace 0.1.0-edited "));
        Outcome version = run(checkout, env, "ovntrace.java", "--version");
        assertTrue(version.stdout().startsWith("ovntrace 0.1.0-edited"), version.describe());
    }

    private static Outcome run(Path dir, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("./jbang"));
        command.addAll(List.of(args));
        return Processes.run(command, dir, new HashMap<>(env), Duration.ofMinutes(5));
    }

    /** The entry script, its library and templates, the catalog and the wrapper: what a catalog user has. */
    private static Path copyOfTheCatalog(Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("jbang", "ovntrace.java", "jbang-catalog.json", "lib", "templates")) {
            Path from = Repo.root().resolve(name);
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path target = to.resolve(Repo.root().relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
