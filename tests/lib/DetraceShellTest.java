package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.exec.BatchScript.Item;
import ovntrace.lib.trace.DetraceCommands;
import ovntrace.lib.trace.UpstreamSteps;
import ovntrace.support.Processes;

/**
 * The daemon's commands in a real shell, with a stand-in ovn-detrace that reads its input as the real one does (echo
 * each line stripped, a block's records when the block ends, an empty line at end of input): each answer is byte for
 * byte the one-shot's, also for several inputs joined as a batch joins them, for asks at once, and for input whose last
 * line has no newline; a daemon gone is no answer; stopping leaves nothing. The end-to-end test runs the real one.
 */
class DetraceShellTest {

    /** ovn-detrace's main loop (23.03's), with made-up records per cookie instead of the database's. */
    private static final String FAKE = DetraceDistinctCookiesTest.Loop.OVN_23_03.fake;

    static final String TRACE = """
            Flow: udp,in_port=5,nw_src=10.244.2.3,nw_dst=10.244.1.6

            bridge("br-int")
            ----------------
             0. in_port=5, priority 100, cookie 0x112f79df
                set_field:0x1->reg13
                resubmit(,8)
             8. reg14=0x1,metadata=0x1, priority 50, cookie 0xdeadbeef
                output:5

            Final flow: unchanged
            Datapath actions: 3
            """;

    private static final DbAccess DB = DbAccess.interconnect("ovn-worker");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path bin;
    private String dir;

    @BeforeEach
    void start() throws IOException {
        Path fake = bin.resolve("ovn-detrace");
        Files.writeString(fake, FAKE);
        assertTrue(fake.toFile().setExecutable(true));
        ExecResult r = bash(DetraceCommands.start(DB, UpstreamSteps.ovnDetrace(DB), Duration.ofMinutes(5), Duration.ofSeconds(20)), "");
        dir = DetraceCommands.directory(r.stdout()).orElseThrow(() -> new AssertionError(r.toString()));
    }

    @AfterEach
    void stop() {
        if (dir != null) bash(DetraceCommands.stop(dir), "");
    }

    private ExecResult oneShot(String input) {
        return bash(UpstreamSteps.ovnDetrace(DB), input);
    }

    private ExecResult ask(String input) {
        return bash(DetraceCommands.ask(dir, TIMEOUT), input);
    }

    @Test
    void each_answer_is_the_one_shots_output_byte_for_byte() {
        for (String input : List.of(TRACE, TRACE.strip(), "", "\n\n", " 3. cookie 0xabc, no newline", TRACE + TRACE)) {
            ExecResult asked = ask(input);
            assertEquals(0, asked.exitCode(), asked.toString());
            assertEquals(oneShot(input).stdout(), asked.stdout(), "for input <" + input + ">");
        }
    }

    @Test
    void asks_at_once_each_get_their_own_answer() {
        List<String> inputs = List.of(TRACE, TRACE.replace("0x112f79df", "0x1"), TRACE.replace("0xdeadbeef", "0x2"), "");
        List<CompletableFuture<ExecResult>> asked = inputs.stream().map(i -> CompletableFuture.supplyAsync(() -> ask(i))).toList();
        for (int i = 0; i < inputs.size(); i++) assertEquals(oneShot(inputs.get(i)).stdout(), asked.get(i).join().stdout());
    }

    @Test
    void in_a_batch_fed_asks_join_and_split_as_the_one_shots_do() {
        String ask = DetraceCommands.ask(dir, TIMEOUT);
        String second = TRACE.replace("0x112f79df", "0x77");
        BatchScript script = new BatchScript(List.of(Item.captured("printf %s '" + TRACE + "'", "O0"), Item.captured("printf %s '" + second + "'", "O1"),
                new Item(ask, null, "O0", "true", "ovn-detrace").inBackground(), new Item(ask, null, "O1", "true", "ovn-detrace").inBackground()));
        ExecResult whole = bash(script.script(), "");
        List<ExecResult> parts = script.split(whole.stdout(), whole.stderr(), Duration.ZERO);
        assertEquals(oneShot(TRACE).stdout(), parts.get(2).stdout());
        assertEquals(oneShot(second).stdout(), parts.get(3).stdout());
        assertEquals(0, parts.get(3).exitCode());
    }

    @Test
    void a_daemon_gone_is_no_answer_and_not_a_busy_one() {
        assertEquals(0, bash("kill $(cat " + dir + "/pid)", "").exitCode());
        ExecResult asked = ask(TRACE);
        assertNotEquals(0, asked.exitCode());
        assertNotEquals(DetraceCommands.BUSY, asked.exitCode(), "a new daemon is due");
    }

    @Test
    void stopping_ends_every_process_and_removes_the_directory() {
        String pids = bash("cat " + dir + "/pid " + dir + "/holder " + dir + "/watchdog", "").stdout().strip().replace('\n', ' ');
        assertEquals(0, ask(TRACE).exitCode());
        assertEquals(0, bash(DetraceCommands.stop(dir), "").exitCode());
        assertFalse(Files.exists(Path.of(dir)));
        assertEquals("", bash("for p in " + pids + "; do kill -0 $p 2>/dev/null && echo $p; done; true", "").stdout(), "still running");
        dir = null;
    }

    private ExecResult bash(String script, String stdin) {
        return bash(bin, script, stdin);
    }

    /** {@code bash -c script} with {@code bin}'s stand-ins first on the PATH, fed {@code stdin}. */
    static ExecResult bash(Path bin, String script, String stdin) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        // the deadline is only a safety net for a hung stand-in; nothing here depends on how fast it runs
        Processes.Outcome o = Processes.fed(pb, stdin, Duration.ofMinutes(2));
        return new ExecResult(o.exitCode(), o.stdout(), o.stderr(), Duration.ZERO);
    }
}
