package ovntrace.report;

import java.util.List;
import ovntrace.lib.trace.Verdict;

/**
 * One direction of the trace ({@code forward}: source to destination, {@code reverse}: back): its verdict with the
 * reason, the path the packet took through OVN (from the main ovn-trace steps), where it was dropped if it was, and
 * every step that ran for it.
 */
public record DirectionReport(String direction, String from, String to, Verdict verdict, String reason,
                              List<Hop> path, DropPoint drop, List<StepReport> steps) {

    public DirectionReport {
        path = List.copyOf(path);
        steps = List.copyOf(steps);
    }

    public boolean forward() {
        return direction.equals("forward");
    }
}
