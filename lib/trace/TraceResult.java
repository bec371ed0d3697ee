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
                          ServiceInfo service, List<StepResult> steps, List<String> notes, Duration elapsed,
                          int execCalls) {

    /**
     * Upstream's exit code for this run: 0 if every step passed or was skipped; otherwise decided by the first step
     * (in upstream's order) that did not pass, as upstream would have stopped there: 255 for a trace that did not
     * match, 1 for a step that could not run.
     */
    public int exitCode() {
        for (StepResult s : steps) {
            if (s.verdict() == Verdict.FAIL) return 255;
            if (s.verdict() == Verdict.INCONCLUSIVE) return 1;
        }
        return 0;
    }

    public boolean allPassed() {
        return steps.stream().allMatch(s -> s.verdict() == Verdict.PASS || s.verdict() == Verdict.SKIPPED);
    }
}
