package ovntrace.kubesim;

import java.util.List;

/**
 * What answers pods/exec in the emulated API server. The sandbox runs the command for real on the pod's node;
 * tests can answer from fixtures instead.
 */
public interface ExecBackend {

    /** Decides how to answer an exec request; must not start anything yet (the stream opens later). */
    ExecStart start(ExecRequest request);

    /** One pods/exec call: target, argv, and whether the client sends stdin. */
    record ExecRequest(String namespace, String pod, String container, List<String> command, boolean stdin) {}

    sealed interface ExecStart {
        /** Run this process; its stdout, stderr and exit code go to the client. */
        record Run(ProcessBuilder process) implements ExecStart {}

        /** The stream opens, then fails the way a container runtime reports it (no exit code). */
        record RuntimeError(String message) implements ExecStart {}

        /** The API server refuses the request before any stream opens, with an HTTP status. */
        record Refused(int httpCode, String reason, String message) implements ExecStart {}
    }
}
