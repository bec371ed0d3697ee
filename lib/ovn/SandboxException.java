package ovntrace.ovn;

/**
 * The sandbox cannot do what was asked. The message is one line saying what is wrong and what to do;
 * {@code exitCode} is the documented process exit code for it.
 */
public final class SandboxException extends Exception {

    /** A daemon or command failed while starting or stopping. */
    public static final int FAILED = 1;
    /** Bad command line or topology file. */
    public static final int USAGE = 2;
    /** Required Debian packages are missing. */
    public static final int MISSING_PACKAGES = 3;
    /** Not running as root (needed for the daemons' directories, unshare and mount). */
    public static final int NOT_ROOT = 4;
    /** The requested API server port is taken. */
    public static final int PORT_IN_USE = 5;
    /** An earlier sandbox in the same directory is partly running, or the directory is not a sandbox's. */
    public static final int STALE = 6;
    /** (status, exec, gather) No sandbox runs in the directory. */
    public static final int NOT_RUNNING = 7;

    private final int exitCode;

    public SandboxException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SandboxException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
