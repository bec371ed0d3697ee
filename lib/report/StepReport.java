package ovntrace.report;

import java.util.List;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.Verdict;

/**
 * One command of the trace: which {@code leg} it traced, what ran ({@code node}, {@code pod} and {@code container} say
 * where; {@code remote} when it ran on the other node: the second half of an interconnect ovn-trace, the receiving
 * node's ofproto/trace and the ovn-detrace reading it), how it ended ({@code exitCode} null when it did not run), the
 * engine's verdict and reason, what the parsed output shows ({@code outcome}, the hops, the drop point, other
 * {@code findings}) and the raw output.
 */
public record StepReport(Leg leg, String label, Tool tool, boolean remote, String node, String pod, String container,
                         String command, String searchRegex, Integer exitCode, long durationMs, Verdict verdict,
                         String reason, String outcome, List<Hop> hops, DropPoint drop, List<String> findings,
                         String stdout, String stderr) {

    public StepReport {
        hops = List.copyOf(hops);
        findings = List.copyOf(findings);
    }

    public boolean ran() {
        return exitCode != null;
    }

    /** {@code ovn-trace}, {@code ofproto/trace} or {@code ovn-detrace}, as the JSON writes it. */
    public String toolName() {
        return ReportJson.toolId(tool);
    }
}
