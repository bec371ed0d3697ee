package ovntrace.lib.fanout;

import ovntrace.lib.trace.TraceResult;
import ovntrace.report.Report;

/**
 * How one cell ended: its verdict, and the trace with its report (the policy behind each leg named) when it ran, or
 * the one-line error when it could not.
 */
public record CellOutcome(Cell cell, CellVerdict verdict, TraceResult result, Report report, String error) {

    public static CellOutcome traced(Cell cell, TraceResult result, Report report) {
        return new CellOutcome(cell, CellVerdict.of(result), result, report, null);
    }

    public static CellOutcome failedToRun(Cell cell, String error) {
        return new CellOutcome(cell, CellVerdict.ERROR, null, null, error);
    }

    public static CellOutcome notRun(Cell cell) {
        return notRun(cell, "not run: the matrix was stopped first");
    }

    /** Not started, for {@code why} ("not run: ..."). */
    public static CellOutcome notRun(Cell cell, String why) {
        return new CellOutcome(cell, CellVerdict.NOT_RUN, null, null, why);
    }

    /** Where and why, short: the report's one-line summary, or the error. */
    public String why() {
        return report != null ? report.summary() : error == null ? "" : error;
    }

    /** The console's line: "default/a → default/b:80/TCP  PASSED  connection PASS (...)". */
    public String line() {
        return cell.label() + "  " + verdict.name().replace('_', ' ') + "  " + why();
    }
}
