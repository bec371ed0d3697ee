package ovntrace.report;

import ovntrace.lib.policy.Attributions;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/**
 * Builds a {@link Report} from a finished trace. Pure apart from the timestamp it is given. Verdicts and their reasons
 * are the trace engine's ({@code TraceResult.legs()}, {@code connectionVerdict()}, {@code verdict()}); what the report
 * adds is what the outputs show: hops, drops, ACLs, the policy behind each leg (explained, never judged, by
 * {@code ovntrace.lib.policy}), and the words around them.
 */
final class ReportBuilder {

    private ReportBuilder() {}

    static Report build(TraceResult r, Attributions policy, Instant generatedAt) {
        ClusterMode mode = r.mode() == null ? ClusterMode.IC : r.mode();
        ReportEndpoint src = endpoint(r.source()), dst = endpoint(r.destination());
        ReportService svc = service(r.service());
        String protocol = r.connection() != null && r.connection().protocol() != null ? r.connection().protocol().ovn()
                : r.request() != null && r.request().protocol() != null ? r.request().protocol().ovn() : "";
        LegReport request = null, reply = null, reverse = null, upstream = null;
        for (LegResult l : r.legs()) {
            List<StepReport> steps = l.steps().stream().map(s -> StepAnalyzer.analyze(s, mode, policy.acls())).toList();
            boolean out = l.leg().fromSource();
            List<Hop> hops = PathStitcher.stitch(l.leg(), steps, l.translations(), out ? src.node() : dst.node(),
                    out ? dst.node() : src.node(), out ? dst : src);
            Connection.Tuple t = l.tuple();
            LegReport leg = new LegReport(l.leg(), nz(l.from()), nz(l.to()),
                    t == null ? null : new LegReport.Tuple(protocol, t.srcIp(), t.srcPort(), t.dstIp(), t.dstPort()),
                    l.translations(), l.verdict(), nz(l.reason()), hops, PathStitcher.drop(steps), steps, policy.leg(l.leg()));
            switch (l.leg()) {
                case REQUEST -> request = leg;
                case REPLY -> reply = leg;
                case REVERSE_INITIATED -> reverse = leg;
                case UPSTREAM_FORWARD -> upstream = leg;
            }
        }
        Verdict connectionVerdict = r.connectionVerdict();
        ConnectionReport connection = new ConnectionReport(connectionVerdict, Summary.connectionReason(connectionVerdict,
                request, reply), request, reply);
        return new Report(Report.SCHEMA_VERSION, Report.GENERATOR, generatedAt.toString(), request(r.request()),
                mode.name().toLowerCase(Locale.ROOT), src, dst, svc, r.verdict(), Summary.of(connection, reverse),
                connection, reverse, upstream, r.notes() == null ? List.of() : r.notes(),
                r.elapsed() == null ? 0 : r.elapsed().toMillis(), r.execCalls());
    }

    /**
     * A run that ended before anything was traced (the API did not answer, a pod is missing, ...): the request as
     * asked, the error as the reason, a connection with no legs. A report asked for is still written, so the file a
     * colleague is waiting for says what happened instead of not being there.
     */
    static Report unfinished(TraceRequest q, String error, Instant generatedAt) {
        ReportRequest req = request(q);
        ReportEndpoint src = new ReportEndpoint("pod", req.source(), q == null ? "" : q.source().namespace(),
                q == null ? "" : q.source().name(), "", "", "", "", "", "");
        ReportEndpoint dst = switch (req.targetKind()) {
            case "pod" -> new ReportEndpoint("pod", req.target(), "", "", "", "", "", "", "", "");
            case "ip" -> new ReportEndpoint("external-ip", req.target(), "", "", "", "", req.target(), "", "", "");
            default -> new ReportEndpoint("", req.target(), "", "", "", "", "", "", "", "");
        };
        String why = "not traced: " + error;
        return new Report(Report.SCHEMA_VERSION, Report.GENERATOR, generatedAt.toString(), req, "unknown", src, dst, null,
                Verdict.INCONCLUSIVE, why, new ConnectionReport(Verdict.INCONCLUSIVE, why, null, null), null,
                null, List.of(error), 0, 0);
    }

    private static ReportRequest request(TraceRequest q) {
        if (q == null) return new ReportRequest("", "", "", "", 0, "", false, false);
        Target t = q.target();
        String target = t instanceof Target.Pod p ? p.pod().toString()
                : t instanceof Target.Service s ? s.service().toString()
                : t instanceof Target.Ip ip ? ip.address() : "";
        String kind = t instanceof Target.Pod ? "pod" : t instanceof Target.Service ? "service" : "ip";
        return new ReportRequest(String.valueOf(q.source()), target, kind,
                q.protocol() == null ? "" : q.protocol().ovn(), q.dstPort(),
                q.family() == null ? "" : q.family().ovn(), q.skipDetrace(), q.failFast());
    }

    static ReportEndpoint endpoint(Endpoint e) {
        if (e == null) return new ReportEndpoint("", "", "", "", "", "", "", "", "", "");
        String kind = e.kind() == null ? "" : e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new ReportEndpoint(kind, e.display(), nz(e.namespace()), nz(e.name()), nz(e.node()), nz(e.zone()),
                nz(e.ip()), nz(e.mac()), nz(e.ovsInterface()), nz(e.ofport()), nz(e.network()), nz(e.topology()));
    }

    private static ReportService service(ServiceInfo s) {
        if (s == null) return null;
        return new ReportService(nz(s.namespace()), nz(s.name()), nz(s.clusterIp()), s.port(),
                s.backend() == null ? "" : s.backend().display(), s.backendPort());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
