package ovntrace.lib.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.PlannedStep.Search;

/**
 * Judges each step's output as upstream does: a non-zero exit or a failed exec is an error (inconclusive here,
 * fatal upstream), otherwise the success regex is searched in stdout.
 */
public final class Verdicts {

    public static final String FAIL_FAST = "not run: --fail-fast stopped at an earlier failure";

    private Verdicts() {}

    /** Upstream stops at the first step that does not pass: later steps become skipped. */
    public static List<StepResult> stopAtFirstFailure(List<StepResult> results) {
        List<StepResult> out = new ArrayList<>();
        boolean stopped = false;
        for (StepResult r : results) {
            out.add(stopped ? new StepResult(r.label(), r.tool(), r.leg(), r.remote(), r.from(), r.to(), r.where(),
                    r.command(), r.searchRegex(), Verdict.SKIPPED, FAIL_FAST, r.exec()) : r);
            stopped |= r.verdict() == Verdict.FAIL || r.verdict() == Verdict.INCONCLUSIVE;
        }
        return out;
    }

    /** {@code outcomes} is parallel to {@code steps}; null entries are steps that did not run. */
    public static List<StepResult> judge(List<PlannedStep> steps, List<Outcome> outcomes) {
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) out.add(judge(steps.get(i), outcomes.get(i), outcomes));
        return out;
    }

    static StepResult judge(PlannedStep s, Outcome o, List<Outcome> all) {
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

    private static String regexFor(Search search, List<Outcome> all) {
        if (search instanceof Search.Regex r) return r.regex();
        if (search instanceof Search.EgressOf e) {
            Outcome trace = all.get(e.step());
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

    private static StepResult result(PlannedStep s, String regex, Verdict v, String reason, ExecResult r) {
        return new StepResult(s.label(), s.tool(), s.leg(), s.remote(), s.from(), s.to(), s.where().where(),
                s.command(), regex, v, reason, r);
    }
}
