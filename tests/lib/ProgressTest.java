package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ovntrace.lib.api.Progress;
import ovntrace.lib.cluster.TraceLog;

/** The progress display against a hand-moved clock: no test here waits, so none depends on the machine's speed. */
class ProgressTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(0);

    private Progress display() {
        return new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), now::get);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private String printed() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void within_the_first_second_nothing_is_printed() {
        Progress p = display();
        p.around(TraceLog.NONE).phase("running 8 trace steps");
        advanceMillis(900);
        p.tick();
        p.close();
        assertEquals("", printed());
    }

    @Test
    void a_slow_run_names_each_phase_once_and_says_done_once_even_if_closed_twice() {
        Progress p = display();
        TraceLog log = p.around(TraceLog.NONE);
        log.phase("looking up nodes ovn-worker, ovn-worker2");
        advanceMillis(1500);
        p.tick();
        p.tick();
        log.phase("running 8 trace steps");
        advanceMillis(200);
        p.tick();
        p.close();
        p.close();
        assertEquals("""
                ovntrace: looking up nodes ovn-worker, ovn-worker2... (1.5 s)
                ovntrace: running 8 trace steps... (1.7 s)
                ovntrace: done (1.7 s)
                """, printed());
    }

    @Test
    void a_display_that_is_not_wanted_never_prints_however_long_the_run() throws Exception {
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (Progress p = Progress.on(new PrintStream(quiet, true, StandardCharsets.UTF_8), false)) {
            p.around(TraceLog.NONE).phase("running 8 trace steps");
            p.tick();
        }
        assertEquals("", quiet.toString(StandardCharsets.UTF_8));
    }

    @Test
    void under_maven_stderr_is_not_a_terminal() {
        assertTrue(!Progress.stderrIsTerminal(), "surefire pipes stderr; a terminal here would make the CLI tests print progress");
    }

    @Test
    void log_messages_still_reach_the_inner_log() {
        StringBuilder seen = new StringBuilder();
        try (Progress p = display()) {
            p.around((level, message) -> seen.append(level).append(':').append(message)).log(4, "cmd");
        }
        assertEquals("4:cmd", seen.toString());
    }
}
