package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * The runner with a stand-in trace function: every cell runs once, no node ever has more cells in flight than its
 * permits (checked by counting inside the function, so it holds however the threads are scheduled), verdicts come
 * from the trace's own exit code, a cell that cannot run is an error cell, and a stop leaves the rest "not run".
 */
class FanoutRunnerTest {

    /** Twelve cells over four nodes, many sharing n1. */
    static List<Cell> cells() {
        return IntStream.range(0, 12).mapToObj(i -> Cells.cell(i, i % 2 == 0 ? "n1" : "n" + (2 + i % 3), "n" + (1 + i % 4))).toList();
    }

    @Test
    void no_node_ever_has_more_cells_in_flight_than_its_permits_and_every_cell_runs_once() {
        Map<String, AtomicInteger> now = new ConcurrentHashMap<>(), most = new ConcurrentHashMap<>();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<Cell> cells = cells();
        Function<TraceRequest, TraceResult> trace = request -> {
            Cell cell = cells.stream().filter(c -> c.request() == request).findFirst().orElseThrow();
            cell.nodes().forEach(n -> most.computeIfAbsent(n, k -> new AtomicInteger())
                    .accumulateAndGet(now.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet(), Math::max));
            Thread.yield();
            cell.nodes().forEach(n -> now.get(n).decrementAndGet());
            ran.add(cell.id());
            return Cells.traced(request, Verdict.PASS);
        };
        MatrixResult result = new FanoutRunner(trace, r -> null, 6, 2).run(cells, o -> { }, () -> false);
        assertEquals(12, ran.size());
        assertEquals(12, ran.stream().distinct().count());
        most.forEach((node, max) -> assertTrue(max.get() <= 2, node + " had " + max + " cells in flight"));
        assertEquals(0, result.exitCode());
        assertEquals(cells.stream().map(Cell::id).toList(), result.outcomes().stream().map(o -> o.cell().id()).toList(),
                "outcomes in matrix order, whatever order they completed in");
    }

    @Test
    void verdicts_come_from_each_trace_and_a_failed_cell_makes_the_matrix_exit_255() {
        List<Cell> cells = cells().subList(0, 4);
        Map<Integer, Verdict> verdicts = Map.of(0, Verdict.PASS, 1, Verdict.FAIL, 2, Verdict.INCONCLUSIVE, 3, Verdict.PASS);
        Function<TraceRequest, TraceResult> trace = request -> {
            Cell cell = cells.stream().filter(c -> c.request() == request).findFirst().orElseThrow();
            if (cell.row() == 3) throw new TraceError("Failed to get information from pod front-3: pods \"front-3\" not found");
            return Cells.traced(request, Verdict.PASS, verdicts.get(cell.row()));
        };
        List<CellOutcome> heard = Collections.synchronizedList(new ArrayList<>());
        MatrixResult result = new FanoutRunner(trace, r -> null, 2, 1).run(cells, heard::add, () -> false);
        assertEquals(List.of(CellVerdict.PASSED, CellVerdict.FAILED, CellVerdict.INCONCLUSIVE, CellVerdict.ERROR),
                result.outcomes().stream().map(CellOutcome::verdict).toList());
        assertEquals(4, heard.size(), "each outcome is told as it completes");
        assertTrue(result.outcomes().get(3).why().contains("not found"));
        assertEquals(255, result.exitCode());
        assertEquals("4 cells: 1 passed, 1 failed, 2 errors", result.summary());
    }

    @Test
    void with_fail_fast_no_cell_starts_after_one_that_did_not_pass_and_the_rest_say_why() {
        List<Cell> plain = cells(), cells = plain.stream().map(c -> new Cell(c.row(), c.column(), c.source(), c.destination(),
                new TraceRequest(c.request().source(), c.request().target(), c.request().protocol(), c.request().dstPort(),
                        c.request().family(), c.request().skipDetrace(), true))).toList();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Function<TraceRequest, TraceResult> trace = request -> {
            Cell cell = java.util.stream.Stream.concat(cells.stream(), plain.stream()).filter(c -> c.request() == request).findFirst().orElseThrow();
            ran.add(cell.id());
            return Cells.traced(request, cell.row() == 1 ? Verdict.FAIL : Verdict.PASS);
        };
        MatrixResult result = new FanoutRunner(trace, r -> null, 1, 1).run(cells, o -> { }, () -> false);
        assertEquals(List.of(cells.get(0).id(), cells.get(1).id()), ran, "one cell at a time: the third never starts");
        assertEquals(List.of(CellVerdict.PASSED, CellVerdict.FAILED), result.outcomes().subList(0, 2).stream().map(CellOutcome::verdict).toList());
        assertTrue(result.outcomes().subList(2, 12).stream().allMatch(o -> o.verdict() == CellVerdict.NOT_RUN
                && o.why().equals("not run: --fail-fast, and an earlier cell did not pass")), result.outcomes().toString());
        assertEquals(255, result.exitCode());
        assertEquals("12 cells: 1 passed, 1 failed, 0 errors, 10 not run", result.summary());
        MatrixResult without = new FanoutRunner(trace, r -> null, 1, 1).run(plain, o -> { }, () -> false);
        assertEquals("12 cells: 11 passed, 1 failed, 0 errors", without.summary(), "without it every cell runs");
    }

    @Test
    void a_cell_passes_only_when_the_runs_verdict_and_its_exit_code_both_say_so() {
        TraceRequest request = cells().get(0).request();
        assertEquals(CellVerdict.PASSED, CellVerdict.of(Cells.traced(request, Verdict.PASS, Verdict.SKIPPED)));
        assertEquals(CellVerdict.FAILED, CellVerdict.of(Cells.traced(request, Verdict.INCONCLUSIVE, Verdict.FAIL)),
                "a drop anywhere fails the cell, even after a step that could not be judged");
        assertEquals(CellVerdict.INCONCLUSIVE, CellVerdict.of(Cells.traced(request, Verdict.PASS, Verdict.INCONCLUSIVE)));
        assertEquals(CellVerdict.INCONCLUSIVE, CellVerdict.of(Cells.traced(request, Verdict.SKIPPED)),
                "exit 0 but no step judged: the run's verdict is inconclusive, and so is the cell");
    }

    @Test
    void without_a_failure_an_inconclusive_or_error_cell_makes_the_matrix_exit_1() {
        List<Cell> cells = cells().subList(0, 2);
        MatrixResult result = new FanoutRunner(r -> Cells.traced(r, r == cells.get(0).request() ? Verdict.PASS : Verdict.INCONCLUSIVE),
                r -> null, 1, 1).run(cells, o -> { }, () -> false);
        assertEquals(1, result.exitCode());
    }

    @Test
    void after_a_stop_no_cell_starts_and_those_left_are_not_run() {
        List<Cell> cells = cells();
        AtomicInteger started = new AtomicInteger();
        // the stop arrives while the first cell runs: with one cell in flight at a time, none other starts
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        MatrixResult result = new FanoutRunner(r -> {
            started.incrementAndGet();
            stopped.set(true);
            return Cells.traced(r, Verdict.PASS);
        }, r -> null, 1, 1).run(cells, o -> { }, stopped::get);
        assertEquals(1, started.get());
        assertEquals(11, result.count(CellVerdict.NOT_RUN));
        assertTrue(result.stopped());
        assertEquals(1, result.exitCode());
        assertTrue(result.summary().endsWith(", 11 not run"), result.summary());
    }

    /** The cells of {@link #cells()} as a matrix plans them by default: without ovn-detrace, and with it if not passed. */
    static List<Cell> detracedIfNotPassed() {
        return cells().stream().map(c -> new Cell(c.row(), c.column(), c.source(), c.destination(),
                Cell.withoutDetrace(c.request()), java.util.Optional.of(c.request()))).toList();
    }

    @Test
    void only_a_cell_that_does_not_pass_is_traced_again_with_ovn_detrace_and_reported_from_that_trace() {
        List<Cell> cells = detracedIfNotPassed().subList(0, 3);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Function<TraceRequest, TraceResult> trace = request -> {
            Cell cell = cells.stream().filter(c -> c.request() == request || c.ifNotPassed().get() == request).findFirst().orElseThrow();
            ran.add(cell.id() + (request.skipDetrace() ? "" : " with ovn-detrace"));
            // row 1 drops; its second trace shows it too (and its ovn-detrace would say by which ACL)
            return Cells.traced(request, cell.row() == 1 ? Verdict.FAIL : Verdict.PASS);
        };
        MatrixResult result = new FanoutRunner(trace, r -> null, 1, 1).run(cells, o -> { }, () -> false);
        assertEquals(List.of("cell-0-0", "cell-1-0", "cell-1-0 with ovn-detrace", "cell-2-0"), ran);
        CellOutcome passed = result.outcomes().get(0), failed = result.outcomes().get(1);
        assertEquals(List.of(FanoutRunner.NOT_DETRACED), passed.result().notes(), "a passed cell says why it has no ovn-detrace");
        assertEquals(CellVerdict.FAILED, failed.verdict());
        assertEquals(false, failed.result().request().skipDetrace(), "the failed cell is reported from its trace with ovn-detrace");
        assertEquals(List.of(), failed.result().notes());
        assertEquals(2, failed.result().execCalls(), "its exec calls count both traces");
        assertEquals(255, result.exitCode());
    }

    @Test
    void a_cell_whose_trace_with_ovn_detrace_cannot_run_keeps_its_first_verdict_and_says_why() {
        List<Cell> cells = detracedIfNotPassed().subList(0, 1);
        MatrixResult result = new FanoutRunner(request -> {
            if (!request.skipDetrace()) throw new TraceError("Failed to get information from pod front-0: pods \"front-0\" not found");
            return Cells.traced(request, Verdict.INCONCLUSIVE);
        }, r -> null, 1, 1).run(cells, o -> { }, () -> false);
        CellOutcome only = result.outcomes().get(0);
        assertEquals(CellVerdict.INCONCLUSIVE, only.verdict(), "not an error cell: its first trace ran");
        assertTrue(only.result().notes().get(0).startsWith(FanoutRunner.NOT_DETRACED_AGAIN)
                && only.result().notes().get(0).contains("not found"), only.result().notes().toString());
    }

    @Test
    void a_stop_between_a_cells_two_traces_keeps_the_first_and_says_so() {
        List<Cell> cells = detracedIfNotPassed().subList(0, 1);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger traces = new AtomicInteger();
        MatrixResult result = new FanoutRunner(request -> {
            traces.incrementAndGet();
            stopped.set(true);
            return Cells.traced(request, Verdict.FAIL);
        }, r -> null, 1, 1).run(cells, o -> { }, stopped::get);
        assertEquals(1, traces.get());
        assertEquals(List.of(FanoutRunner.NOT_DETRACED_STOPPED), result.outcomes().get(0).result().notes());
        assertEquals(CellVerdict.FAILED, result.outcomes().get(0).verdict());
    }
}
