package ovntrace.lib.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.E2e;
import ovntrace.support.OfflineLeftovers;

/**
 * The leftovers check of the offline tests counts only what this JVM leaves: another process's offline run (a second
 * test JVM, a user's trace) makes and removes its own folders in the OVN 25.03 root's /tmp meanwhile, and a test
 * that counted them failed whenever two ran at once.
 */
class OfflineLeftoversTest {

    private static final Path ROOT_TMP = OvnInstall.ROOT_25_03.resolve("tmp");

    @TempDir
    Path runs;

    @BeforeEach
    void theRootIsThere() {
        // the folders in question exist only with the 25.03 root, which the end-to-end set-up builds
        E2e.requireEnabled();
        assertEquals(true, Files.isDirectory(ROOT_TMP), "no " + ROOT_TMP + ": run 'ovntrace-sandbox prepare --ovn 25.03'");
    }

    @Test
    void another_process_s_folder_in_the_root_is_not_counted() throws IOException {
        Path theirs = null;
        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(runs.resolve("tmp"))) {
            // what another ovntrace process's run makes while this test watches (pid 1 is never a test JVM)
            theirs = Files.createTempDirectory(ROOT_TMP, OvnInstall.TMP_PREFIX + "1-");
            assertEquals(Set.of(), leftovers.left());
        } finally {
            if (theirs != null) Files.deleteIfExists(theirs);
        }
    }

    @Test
    void a_folder_this_process_leaves_in_the_root_is_counted() throws IOException {
        Path ours = null;
        try (OfflineLeftovers leftovers = OfflineLeftovers.watch(runs.resolve("tmp"))) {
            ours = OvnInstall.privateTmp(OvnInstall.ROOT_25_03);
            assertEquals(Set.of(ours.toString()), leftovers.left());
        } finally {
            if (ours != null) Files.deleteIfExists(ours);
        }
    }
}
