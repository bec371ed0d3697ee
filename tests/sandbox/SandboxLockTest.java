package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import ovntrace.kubesim.SandboxControl;
import ovntrace.ovn.OvnRoot;
import ovntrace.ovn.OvnVersion;
import ovntrace.ovn.SandboxException;
import ovntrace.ovn.SandboxLayout;
import ovntrace.ovn.SandboxLock;
import ovntrace.support.Sandboxes;
import ovntrace.topology.TopologyReader;

/**
 * While one {@code up} (or {@code down}) works on a directory, a second one fails at once with exit code 6 and
 * one line naming the owner, instead of reporting the half-started sandbox as running (as it once did) or
 * stopping it under the first. Nothing is started and nothing in the directory is touched.
 */
class SandboxLockTest {

    @Test
    void a_second_up_on_a_directory_being_started_fails_with_exit_6() throws Exception {
        Sandboxes.assumeE2e(); // up checks root and the packages before it looks at the lock
        SandboxLayout layout = new SandboxLayout(Path.of("/run/ovt-lock-" + ProcessHandle.current().pid()));
        try (SandboxLock held = SandboxLock.acquire(layout, "up")) {
            SandboxException e = assertThrows(SandboxException.class, () -> SandboxControl.up(
                    new SandboxControl.UpRequest(layout, TopologyReader.defaultTopology(), TopologyReader.defaultText(),
                            "built-in", 0, new OvnRoot.Host(OvnVersion.V23_03)), line -> { }));
            assertEquals(SandboxException.STALE, e.exitCode());
            assertTrue(e.getMessage().startsWith(layout.base() + " is in use by another ovntrace-sandbox (pid "
                    + ProcessHandle.current().pid() + ", running up)"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(Files.exists(layout.base()), "nothing created");
            assertEquals(SandboxException.STALE, assertThrows(SandboxException.class,
                    () -> SandboxControl.down(layout)).exitCode(), "down waits its turn too");
        }
        assertEquals(java.util.List.of(), SandboxControl.down(layout), "free again once released");
        assertFalse(Files.exists(SandboxLock.file(layout)), "down removes the lock file with the directory");
    }

    @Test
    void down_of_a_directory_where_nothing_was_started_creates_nothing() throws Exception {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"), "ovt-no-sandbox-" + ProcessHandle.current().pid());
        SandboxLayout layout = new SandboxLayout(parent.resolve("typo"));
        assertEquals(java.util.List.of(), SandboxControl.down(layout));
        assertFalse(Files.exists(parent), "a mistyped --dir leaves no directory behind (down once created DIR.lock's parents)");
    }
}
