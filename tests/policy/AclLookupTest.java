package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
