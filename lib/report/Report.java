package ovntrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * Everything a report shows, as plain data: what is rendered to Markdown and HTML, and what the JSON form holds
 * (documented in {@code templates/report.schema.json}; bump {@link #SCHEMA_VERSION} on any incompatible change).
 * Built once from a {@link TraceResult}; a saved JSON report reads back into the same record.
 */
public record Report(int schemaVersion, String generator, String generatedAt, ReportRequest request, String mode,
                     ReportEndpoint source, ReportEndpoint destination, ReportService service, Verdict verdict,
                     String summary, List<DirectionReport> directions, List<String> notes, long elapsedMs,
                     int execCalls) {

    public static final int SCHEMA_VERSION = 1;
    public static final String GENERATOR = "ovntrace";

    public Report {
        directions = List.copyOf(directions);
        notes = List.copyOf(notes);
    }

    public static Report from(TraceResult result) {
        return from(result, AclDirectory.EMPTY);
    }

    /** With the Northbound ACL rows of the cluster, a dropping ACL is reported with its name and NetworkPolicy. */
    public static Report from(TraceResult result, AclDirectory acls) {
        return ReportBuilder.build(result, acls, Instant.now());
    }

    /** As ovntrace reports a run: the ACL behind any drop named by one read-only NB query ({@link AclLookup}). */
    public static Report from(TraceResult result, PodExec exec, Duration timeout) {
        return from(result, AclLookup.forDrops(result, exec, timeout));
    }

    /** The report of a run that ended with {@code error} before anything was traced. */
    public static Report unfinished(ovntrace.lib.trace.TraceRequest request, String error) {
        return ReportBuilder.unfinished(request, error, Instant.now());
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
