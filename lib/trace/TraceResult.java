package ovntrace.lib.trace;

import java.time.Duration;
import java.util.List;
import ovntrace.lib.cluster.ClusterMode;

/**
 * Everything one run found: the request, both endpoints (for a Service target the destination is the chosen
 * backend pod and {@code service} is set), every step in upstream's order, and notes worth telling the user
 * (for example that ovn-detrace is missing in a pod).
 */
public record TraceResult(TraceRequest request, ClusterMode mode, Endpoint source, Endpoint destination,
                          ServiceInfo service, Connection connection, List<StepResult> steps, List<String> notes,
                          Duration elapsed, int execCalls) {

    /** See {@link Verdicts#exitCode}. */
    public int exitCode() {
        return Verdicts.exitCode(steps);
    }

    /** Request, reply (when traced) and reverse-initiated, each judged ({@link Verdicts#legs}). */
    public List<LegResult> legs() {
        return Verdicts.legs(this);
    }

    /** Whether the connection the user asked about works: request and reply ({@link Verdicts#connection}). */
    public Verdict connectionVerdict() {
        return Verdicts.connection(legs());
    }

    /** The run's verdict: every leg, the reverse-initiated one included ({@link Verdicts#overall}). */
    public Verdict verdict() {
        return Verdicts.overall(legs().stream().map(LegResult::verdict).toList());
    }

    /** The same result with one more note. */
    public TraceResult withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new TraceResult(request, mode, source, destination, service, connection, steps, List.copyOf(more), elapsed, execCalls);
    }

    /** This result, its time and exec calls counting {@code earlier}'s too (a trace this one repeated). */
    public TraceResult after(TraceResult earlier) {
        return new TraceResult(request, mode, source, destination, service, connection, steps, notes,
                elapsed.plus(earlier.elapsed), execCalls + earlier.execCalls);
    }

    public boolean allPassed() {
        return steps.stream().allMatch(s -> s.verdict() == Verdict.PASS || s.verdict() == Verdict.SKIPPED || Verdicts.unavailableOffline(s));
    }
}
