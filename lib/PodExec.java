package ovntrace.lib;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs a shell command inside a container, as {@code bash -c <command>}. The real implementation goes through the
 * Kubernetes pods/exec API; a local or offline runner can stand in for it.
 */
public interface PodExec {

    ExecResult exec(ExecTarget target, String command, Duration timeout) throws ExecException;

    /** Exec could not be done at all (API error, forbidden, timeout), as opposed to a command exiting non-zero. */
    final class ExecException extends Exception {
        private final transient ExecResult partial;

        public ExecException(String message, Throwable cause) {
            super(message, cause);
            this.partial = null;
        }

        public ExecException(String message) {
            this(message, (Throwable) null);
        }

        /** {@code partial}: what the command printed before the failure (a timeout keeps the output so far). */
        public ExecException(String message, ExecResult partial) {
            super(message);
            this.partial = partial;
        }

        public Optional<ExecResult> partial() {
            return Optional.ofNullable(partial);
        }
    }
}
