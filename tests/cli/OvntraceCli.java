package ovntrace.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Runs the {@code ovntrace} command line in this JVM (the script's class lives in the unnamed package). */
public final class OvntraceCli {

    /** What one run printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
        public List<String> lines() {
            return stdout.lines().toList();
        }

        /**
         * stderr's lines, all of them: progress is shown only on a terminal (never on the buffer a test passes), so
         * a progress line here is a bug, not a sign of a busy machine.
         */
        public List<String> errorLines() {
            return stderr.lines().toList();
        }

        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private OvntraceCli() {}

    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            Method m = Class.forName("ovntrace").getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
            m.setAccessible(true);
            int code = (int) m.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run ovntrace in-process", e);
        }
    }
}
