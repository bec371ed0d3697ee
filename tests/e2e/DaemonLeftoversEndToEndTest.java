package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ovntrace.support.DaemonLeftovers;
import ovntrace.support.NodeProcesses;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The leftover check of the daemon tests is about its own cluster: the node pods share the host's /tmp with every
 * other cluster on the machine, whose daemons come and go while a test runs (a matrix test once failed on a directory
 * another run had made and removed). A directory counts once a process of this cluster's nodes holds it.
 */
class DaemonLeftoversEndToEndTest {

    @Test
    void another_clusters_daemon_directory_is_not_this_clusters_and_its_own_is() throws Exception {
        Sandboxes.assumeE2e();
        Sandbox sb = Sandboxes.ic();
        String node = sb.nodes().get(0);
        DaemonLeftovers leftovers = DaemonLeftovers.since(sb);

        // another cluster's daemon: its directory in the shared /tmp, its watchdog a process outside this cluster
        Path other = Files.createTempDirectory(Path.of("/tmp"), "ovntrace-daemon.");
        Process watchdog = new ProcessBuilder("sleep", "120", other.toString()).start();
        try {
            Files.writeString(other.resolve("watchdog"), Long.toString(watchdog.pid()));
            assertFalse(leftovers.started(), "another cluster's daemon directory is not this cluster's");
            assertEquals("", leftovers.left());

            // this cluster's: started in a node pod the way DaemonCommands.start starts its watchdog, a loop of short
            // sleeps, so that killing it leaves no child behind (a `sleep 120` outlived it and failed a later test)
            String dir = sb.run(node, "D=$(mktemp -d /tmp/ovntrace-daemon.XXXXXXXXXX)||exit 1\n"
                    + "sh -c 'while [ -d \"$0\" ];do sleep 1;done' \"$D\" </dev/null >/dev/null 2>&1 &\necho $! >\"$D/watchdog\"\necho \"$D\"").stdout().strip();
            assertTrue(dir.startsWith("/tmp/ovntrace-daemon."), dir);
            assertTrue(leftovers.started(), "a daemon started in a node pod of this cluster");
            assertEquals(dir + "\n", leftovers.left(), "its directory is left until it is stopped");

            assertEquals("", sb.run(node, "kill $(cat " + dir + "/watchdog); rm -rf " + dir).stderr());
            assertEquals("", leftovers.left(), "stopped and removed: nothing left");
            // nor any process of it: later tests on this cluster check that their runs leave none in the node pods
            assertEquals(List.of(), NodeProcesses.awaitNone(sb.layout(), sb.nodes(), Duration.ofSeconds(10)),
                    "nothing of the stand-in watchdog left running");
        } finally {
            watchdog.destroy();
            watchdog.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(other)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(other);
        }
    }
}
