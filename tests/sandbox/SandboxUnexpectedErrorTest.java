package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A failure no step of the sandbox anticipated (a broken build, say) still gets one line and no stack trace. */
class SandboxUnexpectedErrorTest {

    private static String stderrOf(boolean debug, int[] code) throws Exception {
        Method unexpected = Class.forName("sandbox").getDeclaredMethod("unexpected", Exception.class, boolean.class);
        unexpected.setAccessible(true);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code[0] = (int) unexpected.invoke(null,
                    new IllegalStateException("resource /lib/topology/default-topology.yaml is missing from the classpath"), debug);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void an_unexpected_exception_is_one_line_with_a_hint_and_exit_1() throws Exception {
        int[] code = new int[1];
        String err = stderrOf(false, code);
        assertEquals(1, code[0]);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("ovntrace-sandbox: unexpected error: resource /lib/topology/default-topology.yaml is missing"), err);
        assertTrue(err.contains("--debug"), err);
    }

    @Test
    void with_debug_the_stack_trace_follows() throws Exception {
        String err = stderrOf(true, new int[1]);
        assertTrue(err.lines().count() > 1, err);
        assertFalse(err.lines().findFirst().orElse("").contains("--debug"), err);
    }
}
