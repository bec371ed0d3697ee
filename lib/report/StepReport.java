package ovntrace.report;

import java.util.List;
import ovntrace.lib.trace.Verdict;

/**
 * One command of the trace: what ran ({@code tool} is {@code ovn-trace}, {@code ofproto/trace} or
 * {@code ovn-detrace}; {@code node}, {@code pod} and {@code container} say where), how it ended ({@code exitCode}
 * null when it did not run), the engine's verdict and reason, what the parsed output shows ({@code outcome}, the hops,
 * the drop point, other {@code findings}) and the raw output.
 */
public record StepReport(String label, String tool, boolean remote, String node, String pod, String container,
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
}
