package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gather}'s refusals: documented exit codes, and nothing written anywhere. */
class GatherCliTest {

    @Test
    void without_a_running_sandbox_gather_exits_7_and_creates_nothing(@TempDir Path tmp) throws Exception {
        Path sandbox = tmp.resolve("no-sandbox"), dest = tmp.resolve("mg");
        assertEquals(7, run("gather", dest.toString(), "--dir", sandbox.toString()));
        assertFalse(Files.exists(dest), "no destination directory");
        assertFalse(Files.exists(sandbox.resolveSibling("no-sandbox.lock")), "no lock file next to a directory without a sandbox");
    }

    @Test
    void a_destination_with_files_in_it_is_refused_with_exit_2_and_left_alone(@TempDir Path tmp) throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("mg"));
        Files.writeString(dest.resolve("case-notes.txt"), "keep me\n");
        assertEquals(2, run("gather", dest.toString(), "--dir", tmp.resolve("no-sandbox").toString()));
        try (var files = Files.list(dest)) {
            assertEquals(List.of(dest.resolve("case-notes.txt")), files.toList());
        }
    }

    private static int run(String... args) throws Exception {
        return new CommandLine(Class.forName("sandbox").getDeclaredConstructor().newInstance()).execute(args);
    }
}
