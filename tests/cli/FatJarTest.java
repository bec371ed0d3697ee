package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/** ovntrace.jar for air-gapped bastions: built by tools/build-jar.sh, run with nothing but a JDK. */
class FatJarTest {

    @Test
    void the_jar_runs_without_maven_jbang_or_network(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("ovntrace.jar");
        Outcome build = Processes.run(List.of("tools/build-jar.sh", jar.toString()), Repo.root(), Map.of(), Duration.ofMinutes(5));
        assertEquals(0, build.exitCode(), build.describe());

        Path home = Files.createDirectories(tmp.resolve("empty-home"));
        Map<String, String> bare = Map.of("HOME", home.toString(), "JBANG_DIR", home.resolve(".jbang").toString(),
                "MAVEN_OPTS", "-Dmaven.repo.local=" + home.resolve(".m2"), "KUBECONFIG", "", "NO_COLOR", "1");
        Outcome version = isolated(tmp, bare, jar, "--version");
        assertEquals(0, version.exitCode(), version.describe());
        assertTrue(version.stdout().startsWith("ovntrace 0.1.0"), version.describe());

        Path missing = tmp.resolve("no-such-kubeconfig");
        Outcome bad = isolated(tmp, bare, jar, "-src", "a", "-dst", "b", "-tcp", "-kubeconfig", missing.toString());
        assertEquals(1, bad.exitCode(), bad.describe());
        assertEquals(List.of("kubeconfig file " + missing + " not found (-kubeconfig)"), bad.stderr().lines().toList(), bad.describe());
        assertTrue(Files.notExists(home.resolve(".m2")) && Files.notExists(home.resolve(".jbang")), "nothing was resolved or cached");
    }

    /** `java -jar` in a network namespace of its own (no interfaces) where the machine allows one. */
    private static Outcome isolated(Path dir, Map<String, String> env, Path jar, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        try {
            if (Processes.run(List.of("unshare", "-n", "true"), dir, Map.of(), Duration.ofSeconds(30)).exitCode() == 0) {
                command.addAll(List.of("unshare", "-n"));
            }
        } catch (java.io.UncheckedIOException noUnshare) {
            // no util-linux: the empty HOME still keeps Maven and JBang caches out of reach
        }
        command.addAll(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, dir, env, Duration.ofMinutes(2));
    }
}
