package ovntrace.lib.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.policy.LegPolicy;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.lib.trace.TraceResult;
import ovntrace.report.Format;
import ovntrace.report.LegReport;
import ovntrace.report.Report;
import ovntrace.report.ReportException;
import ovntrace.report.ReportRenderer;

/**
 * A finished trace: the verdicts, and the report (with the policy behind each leg already named), rendered on demand
 * in any format.
 */
public record TraceRun(TraceResult result, Report report) implements Rendered {

    public boolean passed() {
        return result.allPassed();
    }

    /** Whether the connection works: its request and its reply both pass ({@code run.connection()} at jshell>). */
    public Verdict connection() {
        return result.connectionVerdict();
    }

    /** The request: source to destination as a new connection, one tuple in every tool. */
    public LegResult request() {
        return leg(Leg.REQUEST);
    }

    /** The reply of that connection, after NAT, as conntrack's reply direction. */
    public LegResult reply() {
        return leg(Leg.REPLY);
    }

    /** A connection the destination would start (upstream's destination-to-source steps). */
    public LegResult reverseInitiated() {
        return leg(Leg.REVERSE_INITIATED);
    }

    /**
     * Why policy let the request through or dropped it ({@code run.policy().explanation()}): the deciding ACLs, their
     * policies and rules. Null when the run traced no request.
     */
    public LegPolicy policy() {
        return policy(Leg.REQUEST);
    }

    /** The policy behind any leg ({@code run.policy(Leg.REPLY)}); null when that leg was not traced. */
    public LegPolicy policy(Leg leg) {
        return report.legs().stream().filter(l -> l.leg() == leg).map(LegReport::policy).findFirst().orElse(null);
    }

    /** The leg, or null when it was not traced (a reply of a host-network pod, a reverse-initiated check to an IP). */
    private LegResult leg(Leg leg) {
        return result.legs().stream().filter(l -> l.leg() == leg).findFirst().orElse(null);
    }

    /** The lines ovntrace prints: upstream ovnkube-trace's, in its order, plus any extra check that failed. */
    public List<String> lines() {
        return result.steps().stream().filter(StepResult::printsResultLine).map(StepResult::resultLine).toList();
    }

    /** Writes the report; the format follows the file's extension (.md, .html, .json). */
    public Path save(String file) {
        Path path = Path.of(file);
        try {
            ReportRenderer.create(Optional.empty()).write(report(), path);
        } catch (ReportException e) {
            throw new TraceError("cannot write report " + file + ": " + e.getMessage(), e);
        }
        return path;
    }

    @Override
    public String render(Format format) {
        try {
            return ReportRenderer.create(Optional.empty()).render(report(), format);
        } catch (ReportException e) {
            throw new TraceError("cannot render the report: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
