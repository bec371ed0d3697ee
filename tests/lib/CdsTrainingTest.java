package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import ovntrace.lib.api.CdsTraining;

/**
 * The training run of ./jbang's class-data archive walks a trace's reads, an exec and the report templates against
 * its own loopback API server: it needs no cluster, ends by itself and prints nothing (./jbang discards its output,
 * but a stray line would still mean a path of the real run it did not take).
 */
class CdsTrainingTest {

    @Test
    void the_training_needs_no_cluster_and_prints_nothing() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out, err = System.err;
        try (PrintStream capture = new PrintStream(printed, true)) {
            System.setOut(capture);
            System.setErr(capture);
            CdsTraining.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", printed.toString());
    }
}
