package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.PlannedStep;
import ovntrace.lib.trace.StepPlanner;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.lib.trace.Verdicts;

/** Output judged by upstream's rules; the exit code is that of the first step that does not pass. */
class VerdictsTest {

    private final List<PlannedStep> steps = StepPlanner.plan(new StepPlanner.Input(DocsSides.src(DocsSides.ic("ovn-worker2")),
            DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, Protocol.UDP, 53, false, false));

    private static Outcome out(String stdout) {
        return Outcome.of(new ExecResult(0, stdout, "", Duration.ofMillis(5)));
    }

    private List<Outcome> allPassing() {
        return new ArrayList<>(Arrays.asList(
                out("/* output to \"tstor-ovn-worker\", type \"remote\" */"),
                out("/* output to \"default_fedora-deployment-7d49fddf69-t4hqw\", type \"\" */"),
                out("/* output to \"tstor-ovn-worker2\", type \"remote\" */"),
                out("/* output to \"default_fedora-deployment-7d49fddf69-chmvh\", type \"\" */"),
                out(" -> output to kernel tunnel"), out(" -> output to kernel tunnel"), out("detrace"), out("detrace")));
    }

    /** Outcomes listed in plan order, as the engine keys them: by step. */
    private static Map<PlannedStep, Outcome> byStep(List<PlannedStep> steps, List<Outcome> outcomes) {
        Map<PlannedStep, Outcome> map = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) if (outcomes.get(i) != null) map.put(steps.get(i), outcomes.get(i));
        return map;
    }

    private static TraceResult result(List<StepResult> r) {
        return new TraceResult(null, ClusterMode.IC, null, null, null, null, r, List.of(), Duration.ZERO, 4);
    }

    @Test
    void all_matching_prints_the_docs_lines_and_exits_0() {
        List<StepResult> r = Verdicts.judge(steps, byStep(steps, allPassing()));
        assertEquals("ovn-trace (remote) destination pod to source pod indicates success from fedora-deployment-7d49fddf69-t4hqw"
                + " to fedora-deployment-7d49fddf69-chmvh", r.get(3).resultLine());
        assertEquals(0, result(r).exitCode());
    }

    @Test
    void a_trace_that_does_not_match_fails_and_exits_255_while_the_rest_still_pass() {
        List<Outcome> o = allPassing();
        o.set(1, out("ls_out_acl_eval ... drop;"));
        List<StepResult> r = Verdicts.judge(steps, byStep(steps, o));
        assertEquals(Verdict.FAIL, r.get(1).verdict());
        assertEquals("the output does not contain the success string output to \"default_fedora-deployment-7d49fddf69-t4hqw\"", r.get(1).reason());
        assertEquals(Verdict.PASS, r.get(5).verdict());
        assertEquals(255, result(r).exitCode());
    }

    @Test
    void a_command_that_errors_is_inconclusive_and_the_first_bad_step_decides_the_exit_code() {
        List<Outcome> o = allPassing();
        o.set(0, Outcome.of(new ExecResult(1, "", "ovn-trace: unix:/var/run/ovn/ovnsb_db.sock: database connection failed\n", Duration.ZERO)));
        o.set(4, out("drop"));
        List<StepResult> r = Verdicts.judge(steps, byStep(steps, o));
        assertEquals(Verdict.INCONCLUSIVE, r.get(0).verdict());
        assertEquals("command terminated with exit code 1: ovn-trace: unix:/var/run/ovn/ovnsb_db.sock: database connection failed", r.get(0).reason());
        assertEquals(1, result(r).exitCode());
        o.set(0, out("/* output to \"tstor-ovn-worker\", type \"remote\" */"));
        assertEquals(255, result(Verdicts.judge(steps, byStep(steps, o))).exitCode());
    }

    @Test
    void an_ovn_detrace_that_cannot_run_is_skipped_and_leaves_the_exit_code_alone() {
        List<Outcome> o = allPassing();
        o.set(6, Outcome.of(new ExecResult(127, "", "bash: line 1: ovn-detrace: command not found\n", Duration.ZERO)));
        List<StepResult> r = Verdicts.judge(steps, byStep(steps, o));
        assertEquals(Verdict.SKIPPED, r.get(6).verdict());
        assertEquals("ovn-detrace cannot run in pod ovnkube-node-ovn-worker2 (exit code 127: bash: line 1: ovn-detrace: command not found)",
                r.get(6).reason());
        assertEquals(0, result(r).exitCode(), "a skipped ovn-detrace does not count, as the README promises");
    }

    @Test
    void an_exec_that_timed_out_is_inconclusive_with_the_reason() {
        List<Outcome> o = allPassing();
        o.set(2, Outcome.failed("timed out after 30s in pod ovn-kubernetes/ovnkube-node-ovn-worker (container ovnkube-controller)"));
        StepResult r = Verdicts.judge(steps, byStep(steps, o)).get(2);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertEquals("timed out after 30s in pod ovn-kubernetes/ovnkube-node-ovn-worker (container ovnkube-controller)", r.reason());
    }

    @Test
    void fail_fast_skips_everything_after_the_first_failure() {
        List<Outcome> o = allPassing();
        o.set(2, out("drop"));
        List<StepResult> r = Verdicts.stopAtFirstFailure(Verdicts.judge(steps, byStep(steps, o)));
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.FAIL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.SKIPPED,
                Verdict.SKIPPED, Verdict.SKIPPED), r.stream().map(StepResult::verdict).toList());
    }

    @Test
    void ofproto_to_an_ip_takes_its_success_string_from_the_ovn_trace_egress() {
        List<PlannedStep> ip = StepPlanner.plan(new StepPlanner.Input(DocsSides.src(DocsSides.ic("ovn-worker2")), null, null,
                "8.8.8.8", Protocol.TCP, 443, true, false));
        List<Outcome> o = Arrays.asList(out("ct_snat(172.18.0.4);\n/* output to \"breth0_ovn-worker2\", type \"localnet\" */"),
                out("bridge(\"breth0\")\n-----"));
        List<StepResult> r = Verdicts.judge(ip, byStep(ip, o));
        assertEquals("bridge\\(\"breth0\"\\)", r.get(1).searchRegex());
        assertEquals(Verdict.PASS, r.get(1).verdict());
        List<StepResult> lost = Verdicts.judge(ip, byStep(ip, Arrays.asList(out("drop;"), out("bridge(\"breth0\")"))));
        assertEquals(Verdict.FAIL, lost.get(0).verdict());
        assertEquals(Verdict.INCONCLUSIVE, lost.get(1).verdict());
    }
}
