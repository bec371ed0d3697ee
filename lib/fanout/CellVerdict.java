package ovntrace.lib.fanout;

import ovntrace.lib.trace.TraceResult;

/**
 * A cell's verdict, taken from its trace's own ({@link TraceResult#exitCode}, owned by the trace layer's Verdicts):
 * the matrix never judges a trace anew.
 */
public enum CellVerdict {
    /** Every check passed (exit 0). */
    PASSED,
    /** A check showed the traffic dropped (exit 255). */
    FAILED,
    /** A check could not be judged (exit 1): a node that did not answer, a missing tool. */
    INCONCLUSIVE,
    /** The trace could not run: a pod gone, an endpoint no longer ready. */
    ERROR,
    /** Not started: the run was stopped first. */
    NOT_RUN;

    public static CellVerdict of(TraceResult result) {
        return switch (result.exitCode()) {
            case 0 -> PASSED;
            case 255 -> FAILED;
            default -> INCONCLUSIVE;
        };
    }

    /** "passed", "failed", "inconclusive", "error", "not run": the words of the console and the reports. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
