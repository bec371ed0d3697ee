package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.ScriptDelivery;

/**
 * A command too long for an exec request line goes over the exec's stdin, and the node's wrapper runs exactly the
 * bytes that came, keeping its deadline and its watchdog. The wrapper runs here in a local bash, as on a node.
 */
class ScriptDeliveryTest {

    private static final ExecTarget T = new ExecTarget("ovn-kubernetes", "ovnkube-node-abcde", "ovnkube-controller", "n1");

    @TempDir
    Path tmp;

    /** A script of {@code n} echo lines: a node's batch of many items. */
    private static String script(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append("echo 'item ").append(i).append(" of a long batch, with quotes \" and $dollars'\n");
        return s.toString();
    }

    @Test
    void a_short_command_travels_in_the_url_exactly_as_before() {
        ScriptDelivery d = ScriptDelivery.of(T, "ovn-trace --help", Duration.ofSeconds(30));
        assertEquals(new ScriptDelivery.InUrl(KubePodExec.argv("ovn-trace --help", Duration.ofSeconds(30))), d);
    }

    @Test
    void a_command_longer_than_the_request_line_goes_over_stdin_with_its_byte_count() {
        String command = script(100) + "echo 'naïve €'\n";
        assertTrue(ScriptDelivery.encodedLength(command) > ScriptDelivery.urlBudget(T));
        ScriptDelivery.OverStdin d = assertInstanceOf(ScriptDelivery.OverStdin.class, ScriptDelivery.of(T, command, Duration.ofSeconds(30)));
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("bash", "-c", KubePodExec.WRAPPER, "ovntrace", "", "30", Integer.toString(bytes.length)), d.argv(),
                "an empty prefix, the deadline, and the count in bytes (ï and € are more than one)");
        assertArrayEquals(bytes, d.script());
    }

    /** The wrapper as a node runs it: {@code stdin} written, then stdin kept open unless {@code closeAfter}. */
    private Ran wrapper(List<String> args, byte[] stdin, boolean closeAfter) throws Exception {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", KubePodExec.WRAPPER, "ovntrace"));
        argv.addAll(args);
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        in.write(stdin);
        in.flush();
        if (closeAfter) in.close();
        int code = p.waitFor();
        in.close();
        return new Ran(code, Files.readString(out), Files.readString(err));
    }

    record Ran(int code, String out, String err) {}

    private Ran overStdin(String prefix, String script, String seconds, boolean closeAfter) throws Exception {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        return wrapper(List.of(prefix, seconds, Integer.toString(bytes.length)), bytes, closeAfter);
    }

    @Test
    void the_wrapper_runs_exactly_the_bytes_that_came_trailing_newlines_and_multibyte_characters_included() throws Exception {
        String script = script(800) + "printf '%s|' \"naïve €\" 'back\\slash'\ncat <<'E'\nlast line\n\n\nE\n";
        assertTrue(script.length() > 40_000, "a whole node's batch: " + script.length());
        Ran r = overStdin("", script, "30", false);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("item 0 of a long batch, with quotes \" and $dollars\n"), r.out().substring(0, 80));
        assertTrue(r.out().endsWith("item 799 of a long batch, with quotes \" and $dollars\nnaïve €|back\\slash|last line\n\n\n"),
                r.out().substring(r.out().length() - 120));
    }

    @Test
    void the_first_argument_still_runs_first_so_the_sandboxs_hang_fault_keeps_working() throws Exception {
        Ran r = overStdin("echo prefix; ", "echo script\n", "30", false);
        assertEquals(new Ran(0, "prefix\nscript\n", ""), r);
    }

    @Test
    void a_script_cut_short_runs_nothing_and_says_so() throws Exception {
        byte[] half = "echo should-not-run\n".getBytes(StandardCharsets.UTF_8);
        Ran r = wrapper(List.of("", "30", Integer.toString(half.length + 10)), half, true);
        assertEquals(new Ran(2, "", "ovntrace: the script did not arrive whole on stdin\n"), r);
    }

    @Test
    void a_script_from_stdin_is_still_ended_by_the_deadline() throws Exception {
        Ran r = overStdin("", "echo started\nsleep 30\necho never\n", "1", false);
        assertEquals(new Ran(124, "started\n", ""), r, "timeout's exit code: the deadline, not the script, ended it");
    }

    @Test
    void a_script_from_stdin_is_still_ended_when_the_client_closes_the_stream() throws Exception {
        Ran r = overStdin("", "sleep 30\necho never\n", "3600", true);
        assertEquals(new Ran(143, "", ""), r, "the watchdog's TERM, not the hour's deadline, ended it");
    }

    @Test
    void what_comes_on_stdin_after_the_script_reaches_the_script_on_fd_5() throws Exception {
        byte[] script = "IFS= read -r -u 5 l;echo \"got: $l\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] stdin = (new String(script, StandardCharsets.UTF_8) + "a follow-up line\n").getBytes(StandardCharsets.UTF_8);
        Ran r = wrapper(List.of("", "30", Integer.toString(script.length)), stdin, false);
        assertEquals(new Ran(0, "got: a follow-up line\n", ""), r);
    }

    /**
     * GNU timeout exits at once on a TERM that comes between its fork and its knowing the child's pid; the command then
     * ran on with nothing above it (seen once in CI: a hung node's script left behind after ovntrace was killed). A
     * stand-in timeout that always behaves so: the watchdog must end the whole process group, not only timeout.
     */
    @Test
    void a_client_gone_ends_the_command_even_when_timeout_itself_exits_without_passing_the_signal_on() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("timeout");
        Files.writeString(fake, """
                #!/usr/bin/env python3
                import os, signal, sys
                os.setpgid(0, 0)  # as GNU timeout does, unless --foreground
                args = sys.argv[1:]
                if args[0] == '-k':
                    args = args[2:]
                signal.signal(signal.SIGTERM, lambda *_: os._exit(143))  # timeout's handler before it knows its child
                child = os.fork()
                if child == 0:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    os.execvp(args[1], args[1:])
                os.waitpid(child, 0)
                """);
        fake.toFile().setExecutable(true);
        Path pidFile = tmp.resolve("pid");
        byte[] script = ("echo $BASHPID >" + pidFile + ".new;mv " + pidFile + ".new " + pidFile + ";sleep 300\n").getBytes(StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", KubePodExec.WRAPPER, "ovntrace", "", "3600", Integer.toString(script.length))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process wrapper = pb.start();
        OutputStream in = wrapper.getOutputStream();
        in.write(script);
        in.flush();
        long command = -1;
        try {
            for (int i = 0; i < 600 && !Files.exists(pidFile); i++) Thread.sleep(50);
            command = Long.parseLong(Files.readString(pidFile).strip());
            in.close();
            assertTrue(wrapper.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the wrapper ends once its client is gone");
            for (int i = 0; i < 200 && ProcessHandle.of(command).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(50);
            assertFalse(ProcessHandle.of(command).map(ProcessHandle::isAlive).orElse(false),
                    "the command (pid " + command + ") was ended with timeout's process group");
        } finally {
            ProcessHandle.of(command).ifPresent(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
    }

    @Test
    void a_short_command_in_the_url_behaves_as_before() throws Exception {
        Ran r = wrapper(List.of("echo url; exit 3", "30"), new byte[0], false);
        assertEquals(new Ran(3, "url\n", ""), r);
    }
}
