package ovntrace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.Verdict;
import ovntrace.parse.DatapathActions;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceAnnotation;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OfprotoTraceParser;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;

/** Reads one step's output with the parser for its tool and says what it shows. */
final class StepAnalyzer {

    private static final Pattern LB_DST = Pattern.compile("--lb-dst[= ]([\\[\\]0-9a-fA-F.:]+)");

    private StepAnalyzer() {}

    record Parsed(String outcome, List<Hop> hops, DropPoint drop, List<String> findings) {}

    static StepReport analyze(StepResult step, ClusterMode mode, AclDirectory acls) {
        ExecResult exec = step.exec();
        String node = step.where() == null ? "" : nz(step.where().node());
        String zone = mode == ClusterMode.IC ? node : "";
        String stdout = exec == null ? "" : nz(exec.stdout()), stderr = exec == null ? "" : nz(exec.stderr());
        Parsed parsed = exec == null ? new Parsed("not run", List.of(), null, List.of())
                : stdout.isBlank() ? new Parsed(failure(exec), List.of(), null, List.of())
                : switch (step.tool()) {
                    case OVN_TRACE -> ovn(OvnTraceParser.parse(stdout), node, zone, acls, lbDst(step.command()));
                    case OFPROTO_TRACE -> ofproto(OfprotoTraceParser.parse(stdout), node, zone);
                    case OVN_DETRACE -> detrace(DetraceParser.parse(stdout), node, zone, acls);
                };
        if (step.extra() && step.tool() == Tool.OVN_TRACE && step.verdict() == Verdict.PASS && parsed.drop() != null) {
            // the engine owns verdicts: its own steps are judged from the parsed output, so one it judged passing shows no drop, even where its trace ends on purpose
            // (ovntrace's trace of a reply to the SNAT address stops at the gateway router's un-SNAT, as ovn-trace must)
            parsed = new Parsed(parsed.outcome(), parsed.hops().stream().map(Hop::kept).toList(), null, parsed.findings());
        }
        var where = step.where();
        return new StepReport(step.leg(), nz(step.label()), step.tool(), step.remote(), node, where == null ? "" : nz(where.pod()),
                where == null ? "" : nz(where.container()), nz(step.command()), nz(step.searchRegex()),
                exec == null ? null : exec.exitCode(),
                exec == null || exec.duration() == null ? 0 : exec.duration().toMillis(), step.verdict(),
                nz(step.reason()), parsed.outcome(), parsed.hops(), parsed.drop(), parsed.findings(), stdout, stderr);
    }

    private static String failure(ExecResult exec) {
        String err = nz(exec.stderr()).strip();
        String first = err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("");
        return (exec.exitCode() == 0 ? "no output" : "exit status " + exec.exitCode()) + first;
    }

    /** The backend an ovn-trace command steers load balancing to ({@code --lb-dst 10.244.2.4:53}), or empty. */
    static String lbDst(String command) {
        var m = LB_DST.matcher(nz(command));
        return m.find() ? m.group(1) : "";
    }

    static Parsed ovn(OvnTrace trace, String node, String zone, AclDirectory acls, String lbDst) {
        Optional<DropPoint> drop = Drops.fromOvn(trace, node, zone, acls);
        List<String> findings = new ArrayList<>(trace.errors());
        unparsed(trace.unparsed(), findings);
        String outcome;
        if (trace.delivered()) {
            outcome = String.join("; ", trace.finalOutputs().stream().map(o -> "output to \"" + o.port() + "\""
                    + (o.type().isEmpty() ? "" : " (type " + o.type() + ")")).toList());
        } else if (drop.isPresent()) {
            DropPoint d = drop.get();
            outcome = "dropped in " + d.datapath() + " " + d.pipeline() + " table " + d.table() + " " + d.stage();
        } else if (!trace.errors().isEmpty()) {
            outcome = trace.errors().get(0);
        } else if (trace.pipelines().isEmpty()) {
            outcome = trace.unparsed().isEmpty() ? "no trace in the output" : trace.unparsed().get(0).strip();
        } else {
            outcome = "no output port reached";
        }
        return new Parsed(outcome, Hops.fromOvn(trace, node, zone, lbDst), drop.orElse(null), findings);
    }

    static Parsed ofproto(OfprotoTrace trace, String node, String zone) {
        List<String> findings = new ArrayList<>();
        if (!trace.recirculations().isEmpty())
            findings.add("recirculations: " + String.join(", ", trace.recirculations()));
        trace.results().stream().filter(r -> r.startsWith("-> output to")).distinct().forEach(findings::add);
        unparsed(trace.unparsed(), findings);
        return new Parsed(ofprotoOutcome(trace), Hops.fromOfproto(trace, node, zone),
                Drops.fromOfproto(trace, node, zone).orElse(null), findings);
    }

    private static String ofprotoOutcome(OfprotoTrace trace) {
        if (trace.passes().isEmpty())
            return trace.unparsed().isEmpty() ? "no trace in the output" : trace.unparsed().get(0).strip();
        DatapathActions last = trace.finalActions();
        if (last.drop()) return "datapath actions: drop";
        if (trace.tunnel().isPresent() && last.tunnel().isPresent()) {
            var t = last.tunnel().get();
            return "geneve tunnel to " + t.remoteIp() + (t.tunnelKey().isEmpty() ? "" : " (tunnel key " + t.tunnelKey() + ")");
        }
        if (trace.unfollowedRecirculation().isPresent())
            return "stops at recirculation " + trace.unfollowedRecirculation().get()
                    + " (not followed by ofproto/trace; a load-balancer group needs dp_hash in the flow)";
        if (!last.ports().isEmpty()) return "output to datapath port " + String.join(", ", last.ports());
        return "datapath actions: " + last.text();
    }

    static Parsed detrace(Detrace detrace, String node, String zone, AclDirectory acls) {
        List<String> findings = new ArrayList<>();
        for (var pb : detrace.all(DetraceAnnotation.PortBinding.class))
            findings.add("port binding " + pb.logicalPort() + " (tunnel key " + pb.tunnelKey() + ")"
                    + (pb.chassis().isEmpty() ? "" : " on chassis " + pb.chassis()));
        for (var lb : detrace.all(DetraceAnnotation.LoadBalancer.class))
            findings.add("load balancer " + lb.name() + " vips " + lb.vips());
        for (var acl : detrace.all(DetraceAnnotation.Acl.class))
            findings.add("ACL " + acl.direction() + " priority " + acl.priority() + " match (" + acl.match() + ") "
                    + acl.action());
        findings = new ArrayList<>(findings.stream().distinct().toList());
        unparsed(detrace.ofproto().unparsed(), findings);
        Optional<DropPoint> drop = Drops.fromDetrace(detrace, node, zone, acls);
        if (drop.isEmpty()) drop = Drops.fromOfproto(detrace.ofproto(), node, zone);
        return new Parsed(ofprotoOutcome(detrace.ofproto()), Hops.fromOfproto(detrace.ofproto(), node, zone),
                drop.orElse(null), findings);
    }

    private static void unparsed(List<String> lines, List<String> findings) {
        if (!lines.isEmpty())
            findings.add(lines.size() + (lines.size() == 1 ? " line" : " lines")
                    + " the parser did not recognise (kept in the raw output)");
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
