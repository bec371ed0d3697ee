package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.IpAddress;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PortNames;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.PlannedStep.Search;
import ovntrace.parse.OfprotoTable;
import ovntrace.parse.OfprotoTrace;
import ovntrace.parse.OfprotoTraceParser;
import ovntrace.parse.OvnOutput;
import ovntrace.parse.OvnPipeline;
import ovntrace.parse.OvnStage;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;

/**
 * The one place verdicts are decided: each step's (upstream's steps as upstream judges them: a non-zero exit or a
 * failed exec is an error, inconclusive here and fatal upstream, otherwise the success regex is searched in stdout),
 * each leg's ({@link #leg}), the connection's and the run's ({@link #overall}), and the exit code ({@link #exitCode}).
 */
public final class Verdicts {

    public static final String FAIL_FAST = "not run: --fail-fast stopped at an earlier failure";

    private Verdicts() {}

    /**
     * A step that needs a live node, in an offline run (ofproto/trace, the ovn-detrace of it, the receiving node's):
     * reported inconclusive, but like a skipped step it decides nothing: not the exit code, not its leg's verdict,
     * not where --fail-fast stops. Otherwise every offline run would fail at its first ofproto/trace.
     */
    public static boolean unavailableOffline(StepResult s) {
        return s.verdict() == Verdict.INCONCLUSIVE && s.reason().equals(NodeAccess.NOT_OFFLINE);
    }

    /** Whether upstream would stop at this step: it failed or could not be judged (and could have been, here). */
    public static boolean stops(StepResult s) {
        return (s.verdict() == Verdict.FAIL || s.verdict() == Verdict.INCONCLUSIVE) && !unavailableOffline(s);
    }

    /** Upstream stops at the first step that does not pass: later steps become skipped. */
    public static List<StepResult> stopAtFirstFailure(List<StepResult> results) {
        List<StepResult> out = new ArrayList<>();
        boolean stopped = false;
        for (StepResult r : results) {
            out.add(stopped ? new StepResult(r.label(), r.tool(), r.leg(), r.remote(), r.from(), r.to(), r.where(),
                    r.command(), r.searchRegex(), Verdict.SKIPPED, FAIL_FAST, r.exec()) : r);
            stopped |= stops(r);
        }
        return out;
    }

    /** Every step judged from its outcome, in plan order; a step without an outcome did not run. */
    public static List<StepResult> judge(List<PlannedStep> steps, Map<PlannedStep, Outcome> outcomes) {
        return steps.stream().map(s -> judge(s, outcomes.get(s), outcomes)).toList();
    }

    static StepResult judge(PlannedStep s, Outcome o, Map<PlannedStep, Outcome> all) {
        String planned = s.search() instanceof Search.Regex p ? p.regex() : "";
        if (!s.skipReason().isEmpty()) return result(s, planned, Verdict.SKIPPED, s.skipReason(), null);
        if (!s.problem().isEmpty()) return result(s, planned, Verdict.INCONCLUSIVE, s.problem(), null);
        if (o == null) return result(s, planned, Verdict.SKIPPED, FAIL_FAST, null);
        ExecResult r = o.result();
        if (r == null) return result(s, planned, Verdict.INCONCLUSIVE, o.problem(), null);
        if (s.tool() == Tool.OVN_DETRACE && (r.exitCode() == 127 || r.exitCode() == 126)) {
            // not there, or not runnable (a missing interpreter): upstream would install it; we skip, as when absent
            return result(s, planned, Verdict.SKIPPED, "ovn-detrace cannot run in pod " + s.where().where().pod() + " (exit code "
                    + r.exitCode() + (r.stderr().isBlank() ? "" : ": " + LookupParsers.firstLine(r.stderr(), r.exitCode())) + ")", r);
        }
        if (r.exitCode() == 127) {
            // the same words for every step that needs the missing tool, so that the console can say it once
            return result(s, planned, Verdict.INCONCLUSIVE, s.tool().label().split(" ")[0] + " is not installed in pod "
                    + s.where().where().pod() + " (command not found, exit code 127)", r);
        }
        if (!r.ok()) {
            return result(s, planned, Verdict.INCONCLUSIVE, "command terminated with exit code " + r.exitCode()
                    + (r.stderr().isBlank() ? "" : ": " + LookupParsers.firstLine(r.stderr(), r.exitCode())), r);
        }
        if (s.search() instanceof Search.ReachesUnsnat || s.search() instanceof Search.ReturnsThrough) {
            return replyFromIp(s, r, all);
        }
        if (s.search() instanceof Search.LeavesThrough || s.search() instanceof Search.Tunnelled
                || s.search() instanceof Search.OutputTo || s.search() instanceof Search.LeavesCluster
                || s.search() instanceof Search.NotDropped) {
            return parsed(s, r);
        }
        String regex;
        try {
            regex = regexFor(s.search(), all);
        } catch (Fact.Missing e) {
            return result(s, "", Verdict.INCONCLUSIVE, e.getMessage(), r);
        }
        if (regex.isEmpty()) return result(s, "", Verdict.PASS, "", r);
        try {
            boolean found = SearchStrings.matches(regex, r.stdout());
            return result(s, regex, found ? Verdict.PASS : Verdict.FAIL,
                    found ? "" : "the output does not contain the success string " + regex.replace("\n", "\\n"), r);
        } catch (PatternSyntaxException e) {
            return result(s, regex, Verdict.INCONCLUSIVE, "Unexpected failure matching regex '" + regex + "': " + e.getDescription(), r);
        }
    }

    /**
     * ovntrace's own steps are judged from the parsed output, not from a phrase in it: where the packet left the
     * logical network (ovn-trace), or what the datapath finally did with it (ofproto/trace). The reason names where
     * it stopped, in the words both OVN versions share (stage and datapath, bridge and table).
     */
    private static StepResult parsed(PlannedStep s, ExecResult r) {
        String node = s.where().node();
        if (s.search() instanceof Search.LeavesThrough l) {
            OvnTrace t = OvnTraceParser.parse(r.stdout());
            if (t.finalOutputs().stream().anyMatch(o -> o.port().equals(l.port()))) return result(s, "", Verdict.PASS, "", r);
            return result(s, "", Verdict.FAIL, "not delivered to " + l.port() + ": " + stop(t), r);
        }
        if (s.search() instanceof Search.LeavesCluster c) {
            OvnTrace t = OvnTraceParser.parse(r.stdout());
            Optional<OvnOutput> out = t.finalOutputs().stream().filter(o -> o.type().equals("localnet")
                    || o.port().equals(PortNames.management(c.srcNode()))
                    || o.type().equals("remote") && o.port().startsWith(PortNames.transitToRouter(""))).findFirst();
            if (out.isPresent()) return result(s, "", Verdict.PASS, "", r);
            return result(s, "", Verdict.FAIL, "does not leave the cluster (through a localnet port, the management port "
                    + PortNames.management(c.srcNode()) + " or the transit switch): " + stop(t), r);
        }
        OfprotoTrace t = OfprotoTraceParser.parse(r.stdout());
        if (t.passes().isEmpty()) return result(s, "", Verdict.INCONCLUSIVE, "no ofproto/trace output to judge", r);
        if (t.toController()) {
            return result(s, "", Verdict.INCONCLUSIVE, "the packet goes to ovn-controller on " + node + " (an ARP or ND for a"
                    + " next hop not learnt yet, or another packet-in), which ofproto/trace cannot follow", r);
        }
        String unbound = s.search() instanceof Search.OutputTo o && o.ofport().isEmpty()
                ? "; the pod has no OVS interface on " + node : "";
        if (t.dropped()) {
            String where = t.drop().map(d -> ", " + d.table().bridge() + " table " + d.table().table()).orElse("");
            return result(s, "", Verdict.FAIL, "dropped on " + node + where + unbound, r);
        }
        if (s.search() instanceof Search.NotDropped) return result(s, "", Verdict.PASS, "", r);
        if (s.search() instanceof Search.Tunnelled) {
            return t.tunnel().isPresent() ? result(s, "", Verdict.PASS, "", r)
                    : result(s, "", Verdict.FAIL, "the packet does not leave " + node + " through a tunnel (datapath actions: "
                    + t.finalActions().text() + ")", r);
        }
        Search.OutputTo out = (Search.OutputTo) s.search();
        boolean delivered = !out.ofport().isEmpty() && t.tables().stream().anyMatch(x -> x.actions().contains("output:" + out.ofport()));
        if (delivered) return result(s, "", Verdict.PASS, "", r);
        // the pipeline ran out without a drop action: where it stopped is the last table of the last pass
        List<OfprotoTable> last = t.passes().get(t.passes().size() - 1).tables();
        String stop = last.isEmpty() ? "" : ", " + last.get(last.size() - 1).bridge() + " table " + last.get(last.size() - 1).table();
        return result(s, "", Verdict.FAIL, (out.ofport().isEmpty() ? "not delivered" : "never output to " + out.iface()
                + " (OpenFlow port " + out.ofport() + ")") + ": the packet stops on " + node + stop + unbound
                + " (datapath actions: " + t.finalActions().text() + ")", r);
    }

    /** Where an ovn-trace that was not delivered stopped, in the words both OVN versions share. */
    private static String stop(OvnTrace t) {
        return t.drop().map(d -> "dropped in " + d.pipeline().datapath() + " stage " + d.stage().name()).orElse(
                t.finalOutputs().isEmpty() ? "the trace ends without output" : "output to " + t.finalOutputs().get(0).port() + " instead");
    }

    /**
     * The reply from an external IP, judged only once the request's trace shows it left through the gateway router's
     * localnet port SNATed to the address the reply is sent to; otherwise the reply would come back another way and
     * the step is skipped (or inconclusive when the request's trace did not run).
     */
    private static StepResult replyFromIp(PlannedStep s, ExecResult r, Map<PlannedStep, Outcome> all) {
        PlannedStep.SnatEgress egress = s.search() instanceof Search.ReachesUnsnat u ? u.egress()
                : ((Search.ReturnsThrough) s.search()).egress();
        StepResult unmet = requestLeftThrough(s, egress, all.get(egress.request()), r);
        if (unmet != null) return unmet;
        OvnTrace t = OvnTraceParser.parse(r.stdout());
        if (s.search() instanceof Search.ReachesUnsnat) {
            boolean reached = t.pipelines().stream().anyMatch(p -> p.ingress() && p.datapath().equals(egress.router())
                    && p.stages().stream().anyMatch(st -> st.name().equals(UNSNAT_STAGE)));
            if (reached) {
                return result(s, "", Verdict.PASS, "reaches the un-SNAT of " + egress.router() + " (" + UNSNAT_STAGE
                        + "); ovn-trace does not simulate a gateway router's un-SNAT (ct_snat;) and stops there, so the next"
                        + " step traces the packet as it is after it", r);
            }
            return result(s, "", Verdict.FAIL, "never reaches the un-SNAT of " + egress.router() + ": " + stop(t), r);
        }
        String port = ((Search.ReturnsThrough) s.search()).port();
        if (t.finalOutputs().stream().anyMatch(o -> o.port().equals(port))) return result(s, "", Verdict.PASS, "", r);
        // without a MAC binding for its next hop a router ARPs for it, and ovn-trace follows the ARP request instead
        for (OvnPipeline p : t.pipelines()) {
            for (OvnStage st : p.stages()) {
                if (st.onRouter() && st.actions().contains(NO_MAC_BINDING)) {
                    return result(s, "", Verdict.INCONCLUSIVE, p.datapath() + " has no MAC binding for its next hop (" + st.name()
                            + ": " + NO_MAC_BINDING + "), so ovn-trace follows an ARP request instead of the packet; a real node"
                            + " learns it with the first packet (ovn-sbctl list mac_binding shows the learnt ones)", r);
                }
            }
        }
        return result(s, "", Verdict.FAIL, "not delivered to " + port + ": " + stop(t), r);
    }

    static final String UNSNAT_STAGE = "lr_in_unsnat", NO_MAC_BINDING = "/* No MAC binding. */";

    /** Null when the request's ovn-trace left through {@code egress}; else the reply step's result saying why not. */
    private static StepResult requestLeftThrough(PlannedStep s, PlannedStep.SnatEgress egress, Outcome request, ExecResult r) {
        if (request == null || request.result() == null || !request.result().ok()) {
            return result(s, "", Verdict.INCONCLUSIVE, "the request's ovn-trace did not run, so its way out of the cluster is unknown", r);
        }
        OvnTrace t = OvnTraceParser.parse(request.result().stdout());
        String notTraced = "not traced: the reply comes back through " + egress.localnet() + " only if the request leaves that way, SNATed to "
                + egress.snatIp() + ", but ";
        if (t.finalOutputs().stream().noneMatch(o -> o.port().equals(egress.localnet()))) {
            return result(s, "", Verdict.SKIPPED, notTraced + "the request's trace " + (t.delivered() ? "leaves through "
                    + t.finalOutputs().get(0).port() : "stops: " + stop(t)), r);
        }
        List<String> snat = t.pipelines().stream().filter(p -> p.datapath().equals(egress.router()))
                .flatMap(p -> p.stages().stream()).flatMap(st -> st.natActions().stream())
                .filter(a -> a.startsWith("ct_snat")).map(Verdicts::natAddress).toList();
        if (snat.isEmpty()) return result(s, "", Verdict.SKIPPED, notTraced + egress.router() + " does not SNAT it", r);
        if (!snat.contains(IpAddress.canonical(egress.snatIp()).orElse(egress.snatIp()))) {
            return result(s, "", Verdict.SKIPPED, notTraced + egress.router() + " SNATs it to " + String.join(", ", snat), r);
        }
        return null;
    }

    /** The address of {@code ct_snat(172.18.0.3);} or {@code ct_snat(172.18.0.3,1024-65535);}, canonical. */
    private static String natAddress(String action) {
        String args = action.substring(action.indexOf('(') + 1, action.lastIndexOf(')'));
        String ip = (args.contains(",") ? args.substring(0, args.indexOf(',')) : args).strip();
        return IpAddress.canonical(ip).orElse(ip);
    }

    private static String regexFor(Search search, Map<PlannedStep, Outcome> all) {
        if (search instanceof Search.Regex r) return r.regex();
        if (search instanceof Search.EgressOf e) {
            Outcome trace = all.get(e.trace());
            if (trace == null || trace.result() == null || !trace.result().ok()) {
                throw new Fact.Missing("the ovn-trace to the IP did not run, so the egress node is unknown");
            }
            SearchStrings.Egress egress = SearchStrings.egressOf(trace.result().stdout(), e.srcNode());
            if (egress == null) {
                throw new Fact.Missing("Could not determine node name / bridge name of egress node from the ovn-trace output");
            }
            return SearchStrings.ofprotoToIp(e.srcNode(), egress, egress.node().equals(e.srcNode()) && egress.bridge().isEmpty()
                    ? e.srcMp0Ofport().get() : e.srcMp0Ofport().orElse(""));
        }
        return "";
    }

    /**
     * A leg fails if any of its steps failed (the first one is the reason), is inconclusive if none ran or one could
     * not be judged, and passes when every step that ran passed. Steps not available offline count as not run.
     */
    public static LegResult leg(Leg leg, String from, String to, Connection.Tuple tuple, List<String> translations,
                                List<StepResult> steps) {
        List<StepResult> ran = steps.stream().filter(s -> s.verdict() != Verdict.SKIPPED && !unavailableOffline(s)).toList();
        StepResult failed = first(ran, Verdict.FAIL), unsure = first(ran, Verdict.INCONCLUSIVE);
        Verdict verdict;
        String reason;
        if (failed != null) {
            verdict = Verdict.FAIL;
            reason = failed.label() + ": " + failed.reason();
        } else if (ran.isEmpty() || unsure != null) {
            verdict = Verdict.INCONCLUSIVE;
            reason = unsure == null ? "no step ran" + notOffline(steps) : unsure.label() + ": " + unsure.reason();
        } else {
            verdict = Verdict.PASS;
            long skipped = steps.stream().filter(s -> s.verdict() == Verdict.SKIPPED).count();
            reason = "all " + ran.size() + " steps matched" + (skipped > 0 ? ", " + skipped + " skipped" : "") + notOffline(steps);
        }
        return new LegResult(leg, from, to, tuple, translations, verdict, reason, steps);
    }

    /** The legs of a run, request first; reply and reverse-initiated only when steps were planned for them. */
    public static List<LegResult> legs(TraceResult r) {
        String src = r.source() == null ? "" : r.source().display(), dst = r.destination() == null ? "" : r.destination().display();
        String target = r.service() != null ? "service " + r.service().namespace() + "/" + r.service().name() + " (" + dst + ")" : dst;
        Connection c = r.connection();
        List<LegResult> legs = new ArrayList<>();
        for (Leg leg : Leg.values()) {
            List<StepResult> steps = r.steps().stream().filter(s -> s.leg() == leg).toList();
            if (steps.isEmpty()) continue;
            Connection.Tuple tuple = c == null ? null : switch (leg) {
                case REQUEST -> c.request();
                case REPLY -> c.reply();
                case UPSTREAM_FORWARD -> null;
                case REVERSE_INITIATED -> new Connection.Tuple(c.reply().srcIp(), Connection.SOURCE_PORT, c.reply().dstIp(), c.reply().srcPort());
            };
            List<String> nat = c == null ? List.of() : leg == Leg.REQUEST ? c.requestNat() : leg == Leg.REPLY ? c.replyNat() : List.of();
            legs.add(leg(leg, leg.fromSource() ? src : dst, leg.fromSource() ? target : src, tuple, nat, steps));
        }
        return legs;
    }

    /** The connection works when its request and its reply both pass (a reply that was not traced leaves it open). */
    public static Verdict connection(List<LegResult> legs) {
        return overall(legs.stream().filter(l -> l.leg() == Leg.REQUEST || l.leg() == Leg.REPLY).map(LegResult::verdict).toList());
    }

    /** FAIL if anything failed, INCONCLUSIVE if anything could not be judged (or nothing was), else PASS. */
    public static Verdict overall(List<Verdict> verdicts) {
        if (verdicts.contains(Verdict.FAIL)) return Verdict.FAIL;
        if (verdicts.isEmpty() || verdicts.contains(Verdict.INCONCLUSIVE)) return Verdict.INCONCLUSIVE;
        return Verdict.PASS;
    }

    /**
     * The exit code: 0 only when every check passed or was skipped; otherwise decided by the first step that did not
     * pass, as upstream would have stopped there: 255 for a trace that did not match, 1 for a step that could not
     * run. Upstream's steps come first in the plan, so an upstream run's exit code is upstream's; ovntrace's own
     * checks can only turn a 0 into 255 or 1. Steps not available offline are passed over, as skipped ones are.
     */
    public static int exitCode(List<StepResult> steps) {
        for (StepResult s : steps) {
            if (unavailableOffline(s)) continue;
            if (s.verdict() == Verdict.FAIL) return 255;
            if (s.verdict() == Verdict.INCONCLUSIVE) return 1;
        }
        return 0;
    }

    private static String notOffline(List<StepResult> steps) {
        long n = steps.stream().filter(Verdicts::unavailableOffline).count();
        return n > 0 ? ", " + n + " " + NodeAccess.NOT_OFFLINE : "";
    }

    private static StepResult first(List<StepResult> steps, Verdict v) {
        return steps.stream().filter(s -> s.verdict() == v).findFirst().orElse(null);
    }

    private static StepResult result(PlannedStep s, String regex, Verdict v, String reason, ExecResult r) {
        return new StepResult(s.label(), s.tool(), s.leg(), s.remote(), s.from(), s.to(), s.where().where(),
                s.command(), regex, v, reason, r);
    }
}
