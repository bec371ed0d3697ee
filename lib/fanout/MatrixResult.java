package ovntrace.lib.fanout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.lib.fanout.Cell.Member;

/** Every cell's outcome, in matrix order (row by row), and whether the run was stopped before the end. */
public record MatrixResult(List<CellOutcome> outcomes, Duration elapsed, boolean stopped) {

    public MatrixResult {
        outcomes = List.copyOf(outcomes);
    }

    /** 255 if any cell failed; else 1 if any was inconclusive, an error or not run; else 0 (as a single trace's). */
    public int exitCode() {
        if (count(CellVerdict.FAILED) > 0) return 255;
        return count(CellVerdict.PASSED) == outcomes.size() ? 0 : 1;
    }

    public long count(CellVerdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).count();
    }

    public List<CellOutcome> failed() {
        return outcomes.stream().filter(o -> o.verdict() == CellVerdict.FAILED).toList();
    }

    /** "6 cells: 4 passed, 1 failed, 1 errors" (and how many did not run, if any). */
    public String summary() {
        long notRun = count(CellVerdict.NOT_RUN);
        return outcomes.size() + " cells: " + count(CellVerdict.PASSED) + " passed, " + count(CellVerdict.FAILED) + " failed, "
                + (count(CellVerdict.INCONCLUSIVE) + count(CellVerdict.ERROR)) + " errors" + (notRun > 0 ? ", " + notRun + " not run" : "");
    }

    /** The sources, by row. */
    public List<Member> rows() {
        Map<Integer, Member> rows = new TreeMap<>();
        outcomes.forEach(o -> rows.putIfAbsent(o.cell().row(), o.cell().source()));
        return List.copyOf(rows.values());
    }

    /** The destinations, by column. */
    public List<Column> columns() {
        Map<Integer, Column> columns = new TreeMap<>();
        outcomes.forEach(o -> columns.putIfAbsent(o.cell().column(), o.cell().destination()));
        return List.copyOf(columns.values());
    }

    /** The outcome of the cell at {@code row}, {@code column} (null if there is none). */
    public CellOutcome at(int row, int column) {
        return outcomes.stream().filter(o -> o.cell().row() == row && o.cell().column() == column).findFirst().orElse(null);
    }
}
