package ovntrace.lib.fanout;

import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * A cell's verdict, taken from its trace's own (the trace layer's Verdicts own both): the run's verdict, which heads
 * the cell's report, and its exit code. The matrix never judges a trace anew; it only asks both to agree before it
 * calls a cell passed, so the grid never shows "passed" over a section whose report says otherwise.
 */
public enum CellVerdict {
    /** Every check passed: the run's verdict PASS, exit code 0. */
    PASSED,
    /** A check showed the traffic dropped: the run's verdict FAIL, or exit code 255. */
    FAILED,
    /** Otherwise: a check could not be judged (a node that did not answer, a missing tool) or none ran for a leg. */
    INCONCLUSIVE,
    /** The trace could not run: a pod gone, an endpoint no longer ready. */
    ERROR,
    /** Not started: the run was stopped first. */
    NOT_RUN;

    public static CellVerdict of(TraceResult result) {
        if (result.verdict() == Verdict.FAIL || result.exitCode() == TraceError.NOT_MATCHED) return FAILED;
        return result.verdict() == Verdict.PASS && result.exitCode() == 0 ? PASSED : INCONCLUSIVE;
    }

    /** "passed", "failed", "inconclusive", "error", "not run": the words of the console and the reports. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
