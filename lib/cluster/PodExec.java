package ovntrace.lib.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs a shell command inside a container, as {@code bash -c <command>}. The real implementation goes through the
 * Kubernetes pods/exec API; a local or offline runner can stand in for it.
 */
public interface PodExec {

    /** A container to run commands in: the ovnkube-node pod of a node. */
    record ExecTarget(String namespace, String pod, String container, String node) {}

    /** What one command printed and how it ended. {@code exitCode} is -1 when no exit status came back. */
    record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    ExecResult exec(ExecTarget target, String command, Duration timeout) throws ExecException;

    /**
     * The longest script (as {@link ScriptDelivery#encodedLength} counts it) one call takes; a caller with more
     * splits it over several calls. By default what fits in a pods/exec request line.
     */
    default int maxScriptLength(ExecTarget t) {
        return ScriptDelivery.urlBudget(t);
    }

    /** What the commands can reach: a live node, or (offline) only its zone's databases. */
    default NodeAccess access() {
        return NodeAccess.LIVE;
    }

    /** Exec could not be done at all (API error, forbidden, timeout), as opposed to a command exiting non-zero. */
    class ExecException extends Exception {
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
