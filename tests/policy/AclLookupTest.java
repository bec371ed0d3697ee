package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.report.AclRef;
import ovntrace.report.Report;
import ovntrace.support.Fixtures;
import ovntrace.support.TestTraces;

class AclLookupTest {

    /** Answers like the ovnkube-node pod of the local cluster did, and records what it was asked. */
    private static final class RecordingExec implements PodExec {
        final List<String> calls = new ArrayList<>();
        final ExecResult answer;

        RecordingExec(ExecResult answer) {
            this.answer = answer;
        }

        @Override
        public ExecResult exec(ExecTarget target, String command, Duration timeout) {
            calls.add(target.node() + ": " + command);
            return answer;
        }
    }

    private static final ExecResult ACLS = new ExecResult(0, Fixtures.output("ic/acl-list.txt"), "", Duration.ofMillis(30));

    @Test
    void an_acl_drop_lists_the_acls_once_on_the_node_that_saw_it_and_the_report_names_the_policy() {
        RecordingExec exec = new RecordingExec(ACLS);
        var result = TestTraces.icPolicyDrop();
        AclDirectory acls = AclLookup.forDecisions(result, exec, Duration.ofSeconds(5));
        assertEquals(List.of("ovn-worker2: ovn-nbctl --no-leader-only --db unix:/var/run/ovn/ovnnb_db.sock --format=json "
                + "--columns=name,direction,priority,match,action,external_ids list acl"), exec.calls);
        assertEquals(4, acls.rows().size(), "the namespace's default deny and ARP allow, the policy's allow, the node's allow");
        AclRef acl = Report.from(result, acls).connection().request().drop().acl();
        assertEquals("NP:restricted:Ingress", acl.name());
        assertEquals("restricted (default deny)", acl.policy());
    }

    @Test
    void nothing_is_run_when_no_acl_decided_anything() {
        RecordingExec exec = new RecordingExec(ACLS);
        assertEquals(AclDirectory.EMPTY, AclLookup.forDecisions(TestTraces.icCrossNode(), exec, Duration.ofSeconds(5)));
        assertTrue(exec.calls.isEmpty());
    }

    @Test
    void a_failed_lookup_leaves_the_acl_unnamed_but_the_report_intact() {
        RecordingExec exec = new RecordingExec(new ExecResult(1, "", "ovn-nbctl: unix:/var/run/ovn/ovnnb_db.sock: "
                + "database connection failed", Duration.ofMillis(5)));
        var result = TestTraces.icPolicyDrop();
        AclDirectory acls = AclLookup.forDecisions(result, exec, Duration.ofSeconds(5));
        assertEquals(AclDirectory.EMPTY, acls);
        assertEquals("outport == @a15582667452452073255", Report.from(result, acls).connection().request().drop().acl().match());
    }

    @Test
    void a_policy_allow_also_lists_the_acls_on_the_node_that_saw_it_so_the_pass_is_named_too() {
        RecordingExec exec = new RecordingExec(new ExecResult(0, Fixtures.output("policy-25.03/acl-list-ovn-worker.txt"), "",
                Duration.ofMillis(30)));
        var result = TestTraces.result(ovntrace.lib.cluster.ClusterMode.IC, TestTraces.pod("shop", "front-0", "ovn-control-plane",
                "10.244.0.5", "0a:58:0a:f4:00:05"), TestTraces.pod("shop", "api-0", "ovn-worker", "10.244.1.7", "0a:58:0a:f4:01:07"),
                null, ovntrace.lib.cluster.Protocol.TCP, 8080, List.of(TestTraces.saved(ovntrace.lib.trace.Leg.REQUEST,
                        "ovn-trace --ct=new (remote) source pod to destination pod", ovntrace.lib.trace.Tool.OVN_TRACE,
                        "ovn-worker", ovntrace.lib.trace.Verdict.PASS, "policy-25.03/N1-request-ovn-trace-ct-new.txt")));
        AclDirectory acls = AclLookup.forDecisions(result, exec, Duration.ofSeconds(5));
        assertEquals(1, exec.calls.size(), exec.calls.toString());
        assertTrue(exec.calls.get(0).startsWith("ovn-worker: ovn-nbctl"), exec.calls.toString());
        LegPolicy policy = Attributions.of(result, acls, PolicyObjects.NONE).leg(ovntrace.lib.trace.Leg.REQUEST);
        assertEquals("NP:shop:api-ingress:Ingress:0", policy.deciding().acl().name());
        assertEquals("allowed: NetworkPolicy shop/api-ingress, ingress rule 0", policy.explanation(),
                "no object was read: the policy is named from its ACL alone");
    }

    @Test
    void acls_deciding_on_two_nodes_are_looked_up_on_both_at_once() throws Exception {
        // each node's lookup waits until the other one has started: read one after the other, the first would wait in vain
        CountDownLatch both = new CountDownLatch(2);
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        PodExec exec = (target, command, timeout) -> {
            calls.add(target.node());
            both.countDown();
            try {
                if (!both.await(60, TimeUnit.SECONDS)) return new ExecResult(1, "", "the other node's lookup never started", Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExecResult(0, Fixtures.output("policy-25.03/acl-list-ovn-worker.txt"), "", Duration.ofMillis(30));
        };
        var shop = TestTraces.result(ovntrace.lib.cluster.ClusterMode.IC, TestTraces.pod("shop", "front-0", "ovn-control-plane",
                "10.244.0.5", "0a:58:0a:f4:00:05"), TestTraces.pod("shop", "api-0", "ovn-worker", "10.244.1.7", "0a:58:0a:f4:01:07"),
                null, ovntrace.lib.cluster.Protocol.TCP, 8080, List.of(
                        TestTraces.saved(ovntrace.lib.trace.Leg.REQUEST, "ovn-trace --ct=new (remote) source pod to destination pod",
                                ovntrace.lib.trace.Tool.OVN_TRACE, "ovn-worker", ovntrace.lib.trace.Verdict.PASS,
                                "policy-25.03/N1-request-ovn-trace-ct-new.txt"),
                        TestTraces.saved(ovntrace.lib.trace.Leg.REVERSE_INITIATED, "ovn-trace --ct=new destination pod to source pod",
                                ovntrace.lib.trace.Tool.OVN_TRACE, "ovn-control-plane", ovntrace.lib.trace.Verdict.PASS,
                                "policy-25.03/N1-request-ovn-trace-ct-new.txt")));
        AclDirectory acls = AclLookup.forDecisions(shop, exec, Duration.ofSeconds(5));
        assertEquals(List.of("ovn-control-plane", "ovn-worker"), calls.stream().sorted().toList());
        assertEquals(2 * rowsOfOneNode(), acls.rows().size(), "both nodes' rows, none lost");
    }

    private static int rowsOfOneNode() throws Exception {
        return AclDirectory.parseNbctlJson(Fixtures.output("policy-25.03/acl-list-ovn-worker.txt")).rows().size();
    }
}
