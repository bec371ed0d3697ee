package ovntrace.lib;

import java.time.Duration;

/** What one command printed and how it ended. {@code exitCode} is -1 when no exit status came back. */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }
}
