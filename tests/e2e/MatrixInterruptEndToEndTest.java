package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.DaemonLeftovers;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * Ctrl-C in the middle of a matrix: the cells' commands stop, and so does the ovn-trace daemon the matrix started in a
 * node's pod. The daemon's watchdog would end it by itself, but only after five minutes; the matrix stops it at once
 * (its start and stop go through an exec of their own, which the interruption does not cancel).
 */
class MatrixInterruptEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void ctrl_c_mid_matrix_stops_the_ovn_trace_daemon_it_started() throws Exception {
        Sandboxes.assumeE2e();
        Sandbox sb = Sandboxes.central();
        DaemonLeftovers daemons = DaemonLeftovers.since(sb);
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        // as in FaultsEndToEndTest: the child gets SIGINT's default disposition back, as a terminal gives it
        List<String> argv = List.of("python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                        + " os.execvp(sys.argv[1], sys.argv[1:])",
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "ovntrace", "-kubeconfig", sb.kubeconfig().toString(), "-src-namespace", "default", "-src-selector",
                "app=fedora", "-service", "fedora", "--all-endpoints", "-tcp", "--parallel", "1");
        Process child = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            for (int i = 0; i < 600 && !daemons.started(); i++) {
                assertTrue(child.isAlive(), "the matrix ended before its daemon was seen\n" + Files.readString(err));
                Thread.sleep(200);
            }
            assertTrue(daemons.started(), "a daemon started for the matrix");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "ended after SIGINT\n" + Files.readString(err));
            String left = "";
            for (int i = 0; i < 50 && !(left = daemons.left()).isEmpty(); i++) Thread.sleep(200);
            String describe = "--- stdout ---\n" + Files.readString(out) + "--- stderr ---\n" + Files.readString(err);
            String leftover = left;
            assertAll(() -> assertEquals(130, child.exitValue(), describe),
                    () -> assertEquals("", leftover, "no daemon directory and no ovn-trace process left\n" + describe));
        } finally {
            child.destroyForcibly();
        }
    }
}
