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
         * stderr's lines without the progress display: it appears only once a run has taken a second (and only when
         * the test JVM's stderr is a terminal), so whether it is there says how busy the machine was, not what the
         * run did.
         */
        public List<String> errorLines() {
            return stderr.lines().filter(l -> !PROGRESS.matcher(l).matches()).toList();
        }

        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** A line of lib/Progress: {@code ovntrace: <phase>... (1.2 s)} and its closing {@code ovntrace: done (2.2 s)}. */
    static final Pattern PROGRESS = Pattern.compile("ovntrace: (.+\\.\\.\\.|done) \\([0-9]+[.,][0-9] s\\)");

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
