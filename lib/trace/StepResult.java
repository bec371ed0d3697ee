package ovntrace.lib.trace;

import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * One trace command and what became of it. {@code label} is upstream's step description, for example
 * {@code "ovn-trace (remote) source pod to destination pod"}; {@code from} and {@code to} are the names upstream
 * prints. {@code searchRegex} is empty for steps without a search string (ovn-detrace). {@code exec} is null when
 * the step was skipped.
 */
public record StepResult(String label, Tool tool, Leg leg, boolean remote, String from, String to,
                         ExecTarget where, String command, String searchRegex, Verdict verdict, String reason,
                         ExecResult exec) {

    /** ovntrace's own checks beyond upstream's steps (their lines print only when they fail). */
    public boolean extra() {
        return leg == Leg.REQUEST || leg == Leg.REPLY || label.startsWith(StepLabels.NEW_CONNECTION);
    }

    /** Whether ovntrace prints {@link #resultLine()} on stdout: every judged step, but its own checks only on failure. */
    public boolean printsResultLine() {
        boolean judged = verdict == Verdict.PASS || verdict == Verdict.FAIL;
        return judged && !(extra() && verdict == Verdict.PASS);
    }

    /** The line upstream ovnkube-trace prints on stdout for this step, without colour codes. */
    public String resultLine() {
        return label + " indicates " + (verdict == Verdict.PASS ? "success" : "failure") + " from " + from + " to " + to;
    }
}
