package ovntrace.lib;

import java.time.Duration;

/**
 * Runs a shell command inside a container, as {@code bash -c <command>}. The real implementation goes through the
 * Kubernetes pods/exec API; a local or offline runner can stand in for it.
 */
public interface PodExec {

    ExecResult exec(ExecTarget target, String command, Duration timeout) throws ExecException;

    /** Exec could not be done at all (API error, forbidden, timeout), as opposed to a command exiting non-zero. */
    final class ExecException extends Exception {
        public ExecException(String message, Throwable cause) {
            super(message, cause);
        }

        public ExecException(String message) {
            super(message);
        }
    }
}
