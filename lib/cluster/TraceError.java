package ovntrace.lib.cluster;

/**
 * A problem the user can act on: it ends the run with one line on stderr and the documented exit code, and no stack
 * trace unless debug logging is on.
 */
public final class TraceError extends RuntimeException {

    /** Exit codes, as upstream ovnkube-trace uses them. */
    public static final int ERROR = 1, USAGE = 2, NOT_MATCHED = 255;

    private final int exitCode;

    public TraceError(String message) {
        this(message, ERROR, null);
    }

    public TraceError(String message, Throwable cause) {
        this(message, ERROR, cause);
    }

    public TraceError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
