package ovntrace.kubesim;

import java.nio.file.Path;
import ovntrace.ovn.SandboxLayout;

/**
 * The fault switches of a sandbox: files in its {@code faults/} folder, read by the API server at request time
 * (absent = off), so a test can make the cluster misbehave without restarting it. {@link Faults} reads them.
 * <ul>
 *   <li>{@link #API} {@code faults/api}: {@code hang} (accept every request, never answer), or {@code 401},
 *       {@code 403}, {@code 500} (answer every request but pods/exec with that Status, as a real API server
 *       does when authentication, authorization or the server fails).</li>
 *   <li>{@link #EXEC_HANG} {@code faults/exec-hang}: node names, one a line, or {@code *}: exec into those nodes'
 *       pods runs {@code sleep 3600} before the command, inside the node's namespaces, so a hung command is
 *       visible on the node and only an on-node timeout ends it.</li>
 *   <li>{@link #HIDE_TOOLS} {@code faults/hide-tools}: lines {@code NODE TOOL...} ({@code *} for every node): those
 *       tools are genuinely absent from {@code PATH} in exec on that node ({@code command -v} fails).</li>
 *   <li>{@link #EXEC_MAX_SECONDS} {@code faults/exec-max-seconds}: how long an exec'd command may run at most
 *       (default 600, the API server's streaming limit); a command outliving its client keeps running until then,
 *       as under a real kubelet.</li>
 * </ul>
 */
public enum Fault {
    API("api"), EXEC_HANG("exec-hang"), HIDE_TOOLS("hide-tools"), EXEC_MAX_SECONDS("exec-max-seconds");

    private final String fileName;

    Fault(String fileName) {
        this.fileName = fileName;
    }

    public Path file(SandboxLayout layout) {
        return layout.faultsDir().resolve(fileName);
    }

    /** The answers {@link #API} can force. */
    public enum ApiFault {
        HANG("hang", 0, ""), UNAUTHORIZED("401", 401, "Unauthorized"), FORBIDDEN("403", 403, "Forbidden"),
        INTERNAL_ERROR("500", 500, "InternalError");

        final String spelling;
        final int httpCode;
        final String reason;

        ApiFault(String spelling, int httpCode, String reason) {
            this.spelling = spelling;
            this.httpCode = httpCode;
            this.reason = reason;
        }

        public String spelling() {
            return spelling;
        }
    }
}
