package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void a_run_shorter_than_a_second_prints_no_progress() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            p.around(TraceLog.NONE).phase("running 8 trace steps");
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_slow_run_names_its_phase_once_and_says_done_once_even_if_closed_twice() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8));
        TraceLog log = p.around(TraceLog.NONE);
        log.phase("looking up nodes ovn-worker, ovn-worker2");
        Thread.sleep(2500);
        p.close();
        p.close();
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().filter(l -> l.startsWith("ovntrace: looking up nodes ovn-worker, ovn-worker2...")).count(), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("ovntrace: done")).count(), text);
        assertTrue(text.lines().allMatch(l -> l.startsWith("ovntrace: ")), text);
    }

    @Test
    void log_messages_still_reach_the_inner_log() {
        StringBuilder seen = new StringBuilder();
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()))) {
            p.around((level, message) -> seen.append(level).append(':').append(message)).log(4, "cmd");
        }
        assertEquals("4:cmd", seen.toString());
    }
}
