package ovntrace.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.ServiceInfo;
import ovntrace.lib.trace.StepLabels;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/** Builds a {@link Report} from a finished trace. Pure apart from the timestamp it is given. */
final class ReportBuilder {

    private ReportBuilder() {}

    static Report build(TraceResult r, AclDirectory acls, Instant generatedAt) {
        ClusterMode mode = r.mode() == null ? ClusterMode.IC : r.mode();
        ReportEndpoint src = endpoint(r.source()), dst = endpoint(r.destination());
        ReportService svc = service(r.service());
        String target = svc != null ? "service " + svc.namespace() + "/" + svc.name() + " (" + dst.display() + ")"
                : dst.display();
        List<DirectionReport> directions = new ArrayList<>();
        for (Leg d : Leg.values()) {
            List<StepResult> raw = r.steps().stream().filter(s -> s.leg() == d).toList();
            if (raw.isEmpty() && d != Leg.REQUEST) continue;
            List<StepReport> steps = raw.stream().map(s -> StepAnalyzer.analyze(s, mode, acls)).toList();
            boolean fwd = d == Leg.REQUEST;
            directions.add(direction(fwd ? "forward" : "reverse", fwd ? src.display() : dst.display(),
                    fwd ? target : src.display(), steps));
        }
        Verdict verdict = overall(directions.stream().map(DirectionReport::verdict).toList());
        return new Report(Report.SCHEMA_VERSION, Report.GENERATOR, generatedAt.toString(), request(r.request()),
                mode.name().toLowerCase(Locale.ROOT), src, dst, svc, verdict, summary(directions), directions,
                r.notes() == null ? List.of() : r.notes(), r.elapsed() == null ? 0 : r.elapsed().toMillis(),
                r.execCalls());
    }

    /**
     * A run that ended before anything was traced (the API did not answer, a pod is missing, ...): the request as
     * asked, the error as the verdict's reason, no directions. A report asked for is still written, so the file a
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
        return new Report(Report.SCHEMA_VERSION, Report.GENERATOR, generatedAt.toString(), req, "unknown", src, dst, null,
                Verdict.INCONCLUSIVE, "not traced: " + error, List.of(), List.of(error), 0, 0);
    }

    static DirectionReport direction(String name, String from, String to, List<StepReport> steps) {
        List<StepReport> ran = steps.stream().filter(s -> s.verdict() != Verdict.SKIPPED).toList();
        StepReport failed = first(ran, Verdict.FAIL), unsure = first(ran, Verdict.INCONCLUSIVE);
        Verdict verdict;
        String reason;
        if (failed != null) {
            verdict = Verdict.FAIL;
            reason = failed.label() + ": " + (failed.reason().isEmpty() ? failed.outcome() : failed.reason());
        } else if (ran.isEmpty() || unsure != null) {
            verdict = Verdict.INCONCLUSIVE;
            reason = unsure == null ? "no step ran"
                    : unsure.label() + ": " + (unsure.reason().isEmpty() ? unsure.outcome() : unsure.reason());
        } else {
            verdict = Verdict.PASS;
            int skipped = steps.size() - ran.size();
            reason = "all " + ran.size() + " steps matched" + (skipped > 0 ? ", " + skipped + " skipped" : "");
        }
        DropPoint drop = steps.stream().map(StepReport::drop).filter(d -> d != null)
                .min(Comparator.comparingInt(ReportBuilder::rank)).orElse(null);
        return new DirectionReport(name, from, to, verdict, reason, path(steps), drop, steps);
    }

    /**
     * The path of one ovn-trace and the remote (destination zone) traces continuing it: the one that found the drop,
     * else the first upstream step that ran (ovntrace's extra {@code --ct=new} checks only when nothing else ran).
     */
    static List<Hop> path(List<StepReport> steps) {
        List<StepReport> locals = steps.stream()
                .filter(s -> s.tool().equals("ovn-trace") && !s.remote() && s.ran()).toList();
        StepReport chosen = locals.stream().filter(s -> s.drop() != null).findFirst()
                .or(() -> locals.stream().filter(s -> !s.label().startsWith(StepLabels.NEW_CONNECTION)).findFirst())
                .or(() -> locals.stream().findFirst()).orElse(null);
        List<Hop> path = new ArrayList<>();
        if (chosen == null) return path;
        path.addAll(chosen.hops());
        for (StepReport next : steps) {
            if (!next.remote() || !next.ran() || !next.tool().equals("ovn-trace")
                    || !next.label().replace(StepLabels.REMOTE, "").equals(chosen.label())) continue;
            Hop last = path.isEmpty() ? null : path.get(path.size() - 1);
            if (last != null && last.kind().equals("port") && last.outport().equals("remote")) path.remove(path.size() - 1);
            path.add(new Hop("tunnel", "geneve to " + (next.node().isEmpty() ? "the destination zone" : next.node()),
                    "", "", "", List.of(), false));
            path.addAll(next.hops());
        }
        return path;
    }

    /** Which drop a direction reports: an explicit drop in ovn-trace first, then where a trace just ends, ... */
    private static int rank(DropPoint d) {
        return switch (d.tool()) {
            case "ovn-trace" -> d.action().startsWith("trace ends") ? 1 : 0;
            case "ovn-detrace" -> 2;
            default -> 3;
        };
    }

    private static StepReport first(List<StepReport> steps, Verdict v) {
        return steps.stream().filter(s -> s.verdict() == v).findFirst().orElse(null);
    }

    static Verdict overall(List<Verdict> verdicts) {
        if (verdicts.contains(Verdict.FAIL)) return Verdict.FAIL;
        if (verdicts.isEmpty() || verdicts.contains(Verdict.INCONCLUSIVE)) return Verdict.INCONCLUSIVE;
        return Verdict.PASS;
    }

    private static String summary(List<DirectionReport> directions) {
        List<String> parts = new ArrayList<>();
        for (DirectionReport d : directions) {
            String part = d.direction() + " " + d.verdict();
            if (d.verdict() != Verdict.PASS) part += " (" + d.reason() + ")";
            if (d.drop() != null && d.drop().acl() != null) {
                AclRef acl = d.drop().acl();
                part += "; dropped by ACL " + (acl.name().isEmpty() ? acl.match() : acl.name())
                        + (acl.policy().isEmpty() ? "" : " of " + acl.policyKind() + " " + acl.policy());
            }
            parts.add(part);
        }
        return String.join("; ", parts);
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
                nz(e.ip()), nz(e.mac()), nz(e.ovsInterface()), nz(e.ofport()));
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
