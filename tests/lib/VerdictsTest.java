package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.PlannedStep;
import ovntrace.lib.trace.Plan;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.lib.trace.Verdicts;
import ovntrace.support.Fixtures;

/** Output judged by upstream's rules; the exit code is that of the first step that does not pass. */
class VerdictsTest {

    private final List<PlannedStep> steps = Plan.all(new Plan.Input(DocsSides.src(DocsSides.ic("ovn-worker2")),
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
        List<PlannedStep> ip = Plan.all(new Plan.Input(DocsSides.src(DocsSides.ic("ovn-worker2")), null, null,
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

    /** t4hqw on ovn-worker to 8.8.8.8:80 with ovntrace's own checks, as the fixtures captured it: 6 steps without ovn-detrace. */
    private static List<PlannedStep> toIp(boolean localGateway) {
        return Plan.all(new Plan.Input(DocsSides.onGateway(DocsSides.dst(DocsSides.ic("ovn-worker")), localGateway),
                null, null, "8.8.8.8", Protocol.TCP, 80, true, true));
    }

    /** Real outputs of the local cluster in {@code dir} for upstream's steps, the request and the two reply traces. */
    private static List<Outcome> captured(String dir, String afterUnsnat) {
        return new ArrayList<>(Arrays.asList(out(Fixtures.output(dir + "/external-ip-ovn-trace.txt")),
                out(Fixtures.output(dir + "/external-ip-ofproto-trace.txt")),
                out(Fixtures.output(dir + "/external-ip-request-ovn-trace.txt")),
                out(Fixtures.output(dir + "/external-ip-ofproto-trace.txt")),
                out(Fixtures.output(dir + "/external-ip-reply-ovn-trace.txt")),
                out(Fixtures.output(dir + "/" + afterUnsnat))));
    }

    private static final List<String> DIRS = List.of("ic", "central", "ic-25.03");

    @Test
    void the_reply_from_an_external_ip_passes_at_the_un_snat_and_reaches_the_pod_once_un_snated() {
        List<PlannedStep> ip = toIp(false);
        for (String dir : DIRS) {
            List<StepResult> r = Verdicts.judge(ip, byStep(ip, captured(dir, "external-ip-reply-unsnat-ovn-trace.txt")));
            assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS),
                    r.stream().map(StepResult::verdict).toList(), dir + ": " + r.stream().map(StepResult::reason).toList());
            assertEquals("reaches the un-SNAT of GR_ovn-worker (lr_in_unsnat); ovn-trace does not simulate a gateway router's"
                    + " un-SNAT (ct_snat;) and stops there, so the next step traces the packet as it is after it", r.get(4).reason());
            assertEquals(0, result(r).exitCode(), dir);
        }
    }

    @Test
    void without_the_join_mac_binding_the_un_snated_reply_is_inconclusive_not_a_drop() {
        List<PlannedStep> ip = toIp(false);
        for (String dir : DIRS) {
            StepResult r = Verdicts.judge(ip, byStep(ip, captured(dir, "external-ip-reply-unsnat-no-mac-binding-ovn-trace.txt"))).get(5);
            assertEquals(Verdict.INCONCLUSIVE, r.verdict(), dir);
            assertEquals("GR_ovn-worker has no MAC binding for its next hop (lr_in_arp_resolve: /* No MAC binding. */), so ovn-trace"
                    + " follows an ARP request instead of the packet; a real node learns it with the first packet (ovn-sbctl list"
                    + " mac_binding shows the learnt ones)", r.reason(), dir);
        }
    }

    @Test
    void an_un_snated_reply_that_is_dropped_fails_the_reply() {
        List<PlannedStep> ip = toIp(false);
        List<Outcome> o = captured("ic", "external-ip-reply-unsnat-ovn-trace.txt");
        o.set(5, out(Fixtures.output("ic/policy-drop-ovn-trace-remote.txt")));
        StepResult r = Verdicts.judge(ip, byStep(ip, o)).get(5);
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.reason().startsWith("not delivered to default_fedora-deployment-7d49fddf69-t4hqw: dropped in "), r.reason());
        o.set(4, out(Fixtures.output("ic/policy-drop-ovn-trace-remote.txt")));
        assertEquals(Verdict.FAIL, Verdicts.judge(ip, byStep(ip, o)).get(4).verdict(), "dropped before the un-SNAT");
    }

    @Test
    void a_request_that_leaves_another_way_skips_the_reply_and_leaves_the_exit_code_alone() {
        List<PlannedStep> ip = toIp(false);
        List<Outcome> o = captured("ic", "external-ip-reply-unsnat-ovn-trace.txt");
        // into the transit switch, as with an EgressIP on another node: upstream's egress reading accepts it
        o.set(2, out(Fixtures.output("ic/cross-node-ovn-trace.txt")));
        List<StepResult> r = Verdicts.judge(ip, byStep(ip, o));
        assertEquals(Verdict.PASS, r.get(2).verdict());
        assertEquals(List.of(Verdict.SKIPPED, Verdict.SKIPPED), List.of(r.get(4).verdict(), r.get(5).verdict()));
        assertTrue(r.get(4).reason().startsWith("not traced: the reply comes back through breth0_ovn-worker only if the request leaves"
                + " that way, SNATed to 172.18.0.3, but the request's trace leaves through tstor-"), r.get(4).reason());
        assertEquals(0, result(r).exitCode());
        // and one that does not leave the cluster fails the request
        o.set(2, out(Fixtures.output("ic/policy-drop-ovn-trace-remote.txt")));
        assertEquals(Verdict.FAIL, Verdicts.judge(ip, byStep(ip, o)).get(2).verdict());
    }

    // ---- offline: steps that need a live node are reported, and decide nothing ----

    private final List<PlannedStep> offline = Plan.all(new Plan.Input(DocsSides.offline(DocsSides.src(DocsSides.ic("ovn-worker2"))),
            DocsSides.offline(DocsSides.dst(DocsSides.ic("ovn-worker"))), null, null, Protocol.UDP, 53, false, false));

    /** The offline plan judged with {@code ovnTraces} as the outputs of its four ovn-trace steps (the only ones that run). */
    private List<StepResult> offlineRun(List<Outcome> ovnTraces) {
        List<Outcome> o = new ArrayList<>(ovnTraces);
        while (o.size() < offline.size()) o.add(null);
        return Verdicts.judge(offline, byStep(offline, o));
    }

    @Test
    void offline_the_ofproto_and_detrace_steps_are_inconclusive_not_available_and_the_run_exits_as_its_ovn_traces_say() {
        List<StepResult> r = offlineRun(allPassing().subList(0, 4));
        assertEquals(List.of(false, false, false, false, true, true, true, true), r.stream().map(Verdicts::unavailableOffline).toList());
        assertEquals(Verdict.INCONCLUSIVE, r.get(4).verdict());
        assertEquals(NodeAccess.NOT_OFFLINE, r.get(6).reason());
        TraceResult passing = result(r);
        assertEquals(0, passing.exitCode(), "as the live run whose ovn-traces all pass");
        assertTrue(passing.allPassed());
        assertEquals(List.of("REVERSE_INITIATED PASS all 2 steps matched, 2 not available offline",
                "UPSTREAM_FORWARD PASS all 2 steps matched, 2 not available offline"),
                passing.legs().stream().map(l -> l.leg() + " " + l.verdict() + " " + l.reason()).toList());
        List<Outcome> drop = allPassing().subList(0, 4);
        drop.set(1, out("ls_out_acl_eval ... drop;"));
        assertEquals(255, result(offlineRun(drop)).exitCode(), "as the live run whose ovn-trace drops");
        assertEquals(List.of(Verdict.PASS, Verdict.FAIL), result(offlineRun(drop)).legs().stream().map(LegResult::verdict).toList());
        List<Outcome> broken = allPassing().subList(0, 4);
        broken.set(3, Outcome.of(new ExecResult(1, "", "ovn-trace: database connection failed\n", Duration.ZERO)));
        assertEquals(1, result(offlineRun(broken)).exitCode(), "another inconclusive step still counts");
    }

    private static StepResult step(String label, Verdict v, String reason) {
        return new StepResult(label, Tool.OFPROTO_TRACE, Leg.REQUEST, false, "a", "b", null, "", "", v, reason, null);
    }

    @Test
    void only_inconclusive_for_not_available_offline_is_unavailable_offline() {
        assertTrue(Verdicts.unavailableOffline(step("x", Verdict.INCONCLUSIVE, NodeAccess.NOT_OFFLINE)));
        assertFalse(Verdicts.unavailableOffline(step("x", Verdict.INCONCLUSIVE, "no answer for the MAC of rtos-ovn-worker")));
        assertFalse(Verdicts.unavailableOffline(step("x", Verdict.SKIPPED, NodeAccess.NOT_OFFLINE)));
        assertFalse(Verdicts.unavailableOffline(step("x", Verdict.FAIL, NodeAccess.NOT_OFFLINE)));
    }

    @Test
    void fail_fast_goes_past_a_step_not_available_offline_and_stops_at_a_real_failure() {
        List<StepResult> r = Verdicts.stopAtFirstFailure(List.of(step("a", Verdict.PASS, ""), step("b", Verdict.INCONCLUSIVE, NodeAccess.NOT_OFFLINE),
                step("c", Verdict.FAIL, "dropped"), step("d", Verdict.PASS, "")));
        assertEquals(List.of(Verdict.PASS, Verdict.INCONCLUSIVE, Verdict.FAIL, Verdict.SKIPPED), r.stream().map(StepResult::verdict).toList());
        List<StepResult> stuck = Verdicts.stopAtFirstFailure(List.of(step("a", Verdict.INCONCLUSIVE, "timed out"), step("b", Verdict.PASS, "")));
        assertEquals(Verdict.SKIPPED, stuck.get(1).verdict(), "any other inconclusive step still stops it");
    }

    @Test
    void a_leg_of_steps_not_available_offline_only_is_inconclusive_and_says_why() {
        LegResult leg = Verdicts.leg(Leg.REQUEST, "a", "b", null, List.of(), List.of(step("x", Verdict.INCONCLUSIVE, NodeAccess.NOT_OFFLINE),
                step("y", Verdict.SKIPPED, "not traced")));
        assertEquals(Verdict.INCONCLUSIVE, leg.verdict());
        assertEquals("no step ran, 1 not available offline", leg.reason());
        LegResult mixed = Verdicts.leg(Leg.REQUEST, "a", "b", null, List.of(), List.of(step("w", Verdict.PASS, ""),
                step("x", Verdict.INCONCLUSIVE, NodeAccess.NOT_OFFLINE), step("y", Verdict.SKIPPED, "not traced")));
        assertEquals("all 1 steps matched, 1 skipped, 1 not available offline", mixed.reason());
    }
}
