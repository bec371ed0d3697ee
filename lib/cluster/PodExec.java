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
     * Runs {@code command}, which prints {@code pause} as a line on stdout and on stderr once its first part is done
     * and then waits for a follow-up on its fd 5 ({@link ScriptDelivery#WRAPPER}), and returns at that line with the
     * exec still open, so that a node's next round needs no exec of its own. Null where this PodExec cannot keep an
     * exec open: the caller then runs the first part as an exec and the follow-up as another. An exec that ends
     * before its pause throws, with what it printed as the partial result. {@code timeout} holds for each part and
     * for the wait between them; the deadline on the node covers all three.
     */
    default Paused execPausing(ExecTarget target, String command, Duration timeout, String pause) throws ExecException {
        return null;
    }

    /** An exec waiting at its pause ({@link #execPausing}). */
    interface Paused {
        /** What the exec printed up to and including its pause line. */
        ExecResult sofar();

        /**
         * Hands {@code script} to the waiting exec (a byte count line, then the bytes) and waits for the exec to end;
         * what it printed from the start, the first part included. Null when the exec could not run it (it had ended,
         * or its stream broke): the caller runs the script as an exec of its own.
         */
        ExecResult resume(String script) throws ExecException;

        /** Nothing more for it: the exec ends without waiting for it. */
        void end();
    }

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
