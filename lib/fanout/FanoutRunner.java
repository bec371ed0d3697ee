package ovntrace.lib.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.policy.PolicyLookup;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.report.Report;

/**
 * Runs a matrix's cells: up to {@code parallel} at once and {@code perNode} per node ({@link Schedule}), each through
 * {@code trace}, any function from a request to a result (the engine today; a session that keeps per-zone ovn-trace
 * daemons later), and {@code report}, which names the policy behind each leg. A cell that cannot run is an error
 * cell, not the end of the matrix; once {@code stopped} says so, no further cell starts and those left are "not run".
 * With --fail-fast (the cells' requests ask for it) the same happens once a cell does not pass, as a single trace
 * stops at its first step that does not pass.
 */
public final class FanoutRunner {

    /** Why the cells left are not run once one did not pass under --fail-fast. */
    static final String FAIL_FAST = "not run: --fail-fast, and an earlier cell did not pass";

    /** The note of a cell that passed without ovn-detrace, and of one that could not be traced again with it. */
    static final String NOT_DETRACED = "ovn-detrace not run: the cell passed without it (a matrix runs ovn-detrace only in"
            + " the cells that do not pass, tracing them again; --detrace-all runs it in every cell)",
            NOT_DETRACED_STOPPED = "ovn-detrace not run: the matrix was stopped before the cell was traced again with it",
            NOT_DETRACED_AGAIN = "ovn-detrace not run: tracing the cell again with it failed: ";

    public static final int DEFAULT_PARALLEL = 4, MAX_PARALLEL = 32, DEFAULT_PER_NODE = 2, MAX_PER_NODE = 8;

    private final Function<TraceRequest, TraceResult> trace;
    private final Function<TraceResult, Report> report;
    private final int parallel, perNode;

    public FanoutRunner(Function<TraceRequest, TraceResult> trace, Function<TraceResult, Report> report, int parallel, int perNode) {
        this.trace = trace;
        this.report = report;
        this.parallel = parallel;
        this.perNode = perNode;
    }

    /**
     * Cells traced by the engine against {@code api} and {@code exec} (a live cluster or a gathered one), each report
     * naming the policy behind its legs: a failed cell then says which policy dropped it.
     */
    public static FanoutRunner engine(ClusterApi api, PodExec exec, EngineOptions options, int parallel, int perNode) {
        return new FanoutRunner(request -> new TraceEngine(api, exec, options).run(request),
                result -> Report.from(result, PolicyLookup.attribute(result, exec, api, options.timeout())), parallel, perNode);
    }

    /** Runs every cell; {@code onDone} hears each outcome as it completes (one call at a time). */
    public MatrixResult run(List<Cell> cells, Consumer<CellOutcome> onDone, BooleanSupplier stopped) {
        long start = System.nanoTime();
        Schedule schedule = new Schedule(cells, parallel, perNode);
        List<CellOutcome> outcomes = new ArrayList<>();
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, cells.size())), r -> {
            Thread t = new Thread(r, "ovntrace-cell");
            t.setDaemon(true);
            return t;
        });
        boolean wasStopped = false, failFast = cells.stream().anyMatch(c -> c.request().failFast());
        try {
            synchronized (lock) {
                while (schedule.hasPending() || schedule.inFlight() > 0) {
                    if (!wasStopped && stopped.getAsBoolean()) {
                        wasStopped = true;
                        for (Cell c : schedule.drain()) record(outcomes, CellOutcome.notRun(c), onDone);
                    }
                    if (failFast && schedule.hasPending() && outcomes.stream().anyMatch(o -> o.verdict() != CellVerdict.PASSED)) {
                        for (Cell c : schedule.drain()) record(outcomes, CellOutcome.notRun(c, FAIL_FAST), onDone);
                    }
                    Optional<Cell> next = schedule.take();
                    if (next.isPresent()) {
                        Cell cell = next.get();
                        pool.execute(() -> {
                            CellOutcome outcome = runOne(cell, stopped);
                            synchronized (lock) {
                                record(outcomes, outcome, onDone);
                                schedule.done(cell);
                                lock.notifyAll();
                            }
                        });
                        continue;
                    }
                    // woken by a finished cell; the bound only lets a stop be noticed while every cell runs long
                    lock.wait(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            wasStopped = true;
        } finally {
            pool.shutdown();
        }
        outcomes.sort(Comparator.comparingInt((CellOutcome o) -> o.cell().row()).thenComparingInt(o -> o.cell().column()));
        return new MatrixResult(outcomes, Duration.ofNanos(System.nanoTime() - start), wasStopped);
    }

    private static void record(List<CellOutcome> outcomes, CellOutcome outcome, Consumer<CellOutcome> onDone) {
        outcomes.add(outcome);
        onDone.accept(outcome);
    }

    private CellOutcome runOne(Cell cell, BooleanSupplier stopped) {
        try {
            TraceResult result = trace.apply(cell.request());
            if (cell.ifNotPassed().isPresent()) {
                result = CellVerdict.of(result) == CellVerdict.PASSED ? result.withNote(NOT_DETRACED)
                        : stopped.getAsBoolean() ? result.withNote(NOT_DETRACED_STOPPED) : again(cell.ifNotPassed().get(), result);
            }
            return CellOutcome.traced(cell, result, report.apply(result));
        } catch (TraceError e) {
            return CellOutcome.failedToRun(cell, oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            return CellOutcome.failedToRun(cell, "unexpected error: " + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /**
     * A cell that did not pass, traced again with ovn-detrace: its report then attributes the drop. If that trace
     * cannot run, the first one stands, with a note why it has no ovn-detrace.
     */
    private TraceResult again(TraceRequest detraced, TraceResult first) {
        try {
            return trace.apply(detraced).after(first);
        } catch (RuntimeException e) {
            return first.withNote(NOT_DETRACED_AGAIN + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\p{Cntrl}", "?");
    }
}
