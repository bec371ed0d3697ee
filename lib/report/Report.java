package ovntrace.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.PolicyObjects;
import ovntrace.lib.path.Lane;
import ovntrace.lib.path.PathDiagram;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * Everything a report shows, as plain data: what is rendered to Markdown and HTML, and what the JSON form holds
 * (documented in {@code templates/report.schema.json}; bump {@link #SCHEMA_VERSION} on any incompatible change).
 * Built once from a {@link TraceResult}, whose verdicts it carries without judging anything itself; a saved JSON
 * report reads back into the same record (a version 1 file is converted, {@link ReportJsonV1}).
 *
 * @param connection the request and reply of the connection asked about
 * @param upstreamForward upstream's source-to-destination steps as upstream runs them (ovn-trace of an established
 *                        packet, ofproto/trace from source port 12345): the drop-in checks, shown apart from the request
 *                        because they do not trace one tuple; null when there are none
 * @param reverseInitiated upstream's destination-to-source checks: a connection the destination starts; null when
 *                         there are none (an external IP target, or a run that ended early)
 */
public record Report(int schemaVersion, String generator, String generatedAt, ReportRequest request, String mode,
                     ReportEndpoint source, ReportEndpoint destination, ReportService service, Verdict verdict,
                     String summary, ConnectionReport connection, LegReport reverseInitiated, LegReport upstreamForward,
                     List<String> notes,
                     long elapsedMs, int execCalls) {

    public static final int SCHEMA_VERSION = 2;
    public static final String GENERATOR = "ovntrace";

    public Report {
        notes = List.copyOf(notes);
    }

    public static Report from(TraceResult result) {
        return from(result, AclDirectory.EMPTY);
    }

    /**
     * With the Northbound ACL rows of the cluster, a dropping ACL is reported with its name and policy, and each leg's
     * policy is explained from the ACLs alone (no policy object read).
     */
    public static Report from(TraceResult result, AclDirectory acls) {
        return from(result, Attributions.of(result, acls, PolicyObjects.NONE));
    }

    /** As ovntrace reports a run: with the policy behind every leg as {@code PolicyLookup} found it. */
    public static Report from(TraceResult result, Attributions policy) {
        return ReportBuilder.build(result, policy, Instant.now());
    }

    /** The report of a run that ended with {@code error} before anything was traced. */
    public static Report unfinished(ovntrace.lib.trace.TraceRequest request, String error) {
        return ReportBuilder.unfinished(request, error, Instant.now());
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /** The legs that were traced: request, reply, reverse-initiated, each when present. */
    public List<LegReport> legs() {
        List<LegReport> legs = new ArrayList<>();
        if (connection != null && connection.request() != null) legs.add(connection.request());
        if (connection != null && connection.reply() != null) legs.add(connection.reply());
        if (reverseInitiated != null) legs.add(reverseInitiated);
        if (upstreamForward != null) legs.add(upstreamForward);
        return legs;
    }

    /**
     * Every leg's path as one inline SVG: the connection's request and reply side by side, the reverse-initiated
     * connection below them; without a reply it takes the reply's place, so the page is not half empty. Safe to
     * insert unescaped: {@link PathDiagram#svgRows} escapes all data.
     */
    public String pathSvg() {
        List<List<Lane>> rows = new ArrayList<>();
        List<Lane> conn = new ArrayList<>();
        if (connection != null && connection.request() != null) conn.add(connection.request().lane());
        if (connection != null && connection.reply() != null) conn.add(connection.reply().lane());
        if (reverseInitiated != null && conn.size() < 2) conn.add(reverseInitiated.lane());
        else if (reverseInitiated != null) rows.add(List.of(reverseInitiated.lane()));
        if (!conn.isEmpty()) rows.add(0, conn);
        return PathDiagram.svgRows(rows);
    }
}
