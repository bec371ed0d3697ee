package ovntrace.lib;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run found: the request, both endpoints (for a Service target the destination is the chosen
 * backend pod and {@code service} is set), every step in upstream's order, and notes worth telling the user
 * (for example that ovn-detrace is missing in a pod).
 */
public record TraceResult(TraceRequest request, ClusterMode mode, Endpoint source, Endpoint destination,
                          ServiceInfo service, List<StepResult> steps, List<String> notes, Duration elapsed,
                          int execCalls) {

    public boolean allPassed() {
        return steps.stream().allMatch(s -> s.verdict() == Verdict.PASS || s.verdict() == Verdict.SKIPPED);
    }
}
