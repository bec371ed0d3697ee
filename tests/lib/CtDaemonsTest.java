package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.OvnTraceDaemons.Routed;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.trace.TraceDaemons;
import ovntrace.support.Fixtures;

/**
 * ovntrace's {@code --ct} connection checks through ct daemons: their own daemon per zone and state, replaced before
 * a trace could find its states used up, and an answer that is not the one-shot's (the list ran out, or the trace took
 * more ct steps than its command's flags) run one-shot. The answers are real ovn-trace output.
 */
class CtDaemonsTest {

    private static final DbAccess DB = DbAccess.interconnect("ovn-worker");
    private static final ExecTarget WORKER = new ExecTarget("ovn-kubernetes", "ovnkube-node-1", "ovnkube-node", "ovn-worker");
    private static final String FLOW = "'inport==\"default_a\" && eth.src==0a:58:0a:f4:01:06 && eth.dst==0a:58:0a:f4:01:01"
            + " && ip4.src==10.244.1.6 && ip4.dst==10.244.1.4 && ip.ttl==64 && udp.dst==53 && udp.src==52888'";
    private static final String NEW = DB.ovnTrace() + " ovn-worker --ct=new --ct=new --ct=new " + FLOW;
    private static final String REPLY = DB.ovnTrace() + " ovn-worker --ct=est,rpl --ct=est,rpl --ct=est,rpl " + FLOW;
    private static final String PLAIN = DB.ovnTrace() + " ovn-worker " + FLOW;
    /** Two ct steps, from a one-shot with three flags. */
    private static final ExecResult TWO_STEPS = answer(Fixtures.output("central/policy-drop-ovn-trace-ct-new.txt"));
    /** A daemon's answer whose second step found its list used up. */
    private static final ExecResult RAN_DRY = answer(Fixtures.output("ct-daemon/same-node-ct-new-daemon-ran-dry-25.03.txt"));

    private static ExecResult answer(String out) {
        return new ExecResult(0, out, "", Duration.ZERO);
    }

    /** Starts "daemons" that only print a directory, and records each start command. */
    private static final class Starts implements PodExec {
        final List<String> commands = new CopyOnWriteArrayList<>();

        @Override
        public ExecResult exec(ExecTarget t, String command, Duration timeout) {
            commands.add(command);
            return new ExecResult(0, "/tmp/ovntrace-daemon.daemon%04d\n".formatted(commands.size()), "", Duration.ZERO);
        }
    }

    private final Starts starts = new Starts();

    private TraceDaemons daemons(int ctStates) {
        return new TraceDaemons(starts, Duration.ofSeconds(30), TraceLog.NONE, ctStates);
    }

    private static Routed route(TraceDaemons d, String command) {
        return d.route(WORKER, DB, command).orElseThrow(() -> new AssertionError("not routed: " + command));
    }

    @Test
    void a_zone_has_a_plain_daemon_and_one_per_state_each_started_with_its_states() {
        TraceDaemons d = daemons(4096);
        List<String> dirs = List.of(route(d, PLAIN).daemon(), route(d, NEW).daemon(), route(d, REPLY).daemon());
        assertEquals(3, dirs.stream().distinct().count(), dirs.toString());
        assertEquals(dirs.get(1), route(d, NEW).daemon(), "the next new-connection check asks the same daemon");
        assertFalse(starts.commands.get(0).contains("--ct"));
        assertTrue(starts.commands.get(1).contains("set -- --ct=new;while [ $# -lt 4096 ]"), starts.commands.get(1));
        assertTrue(starts.commands.get(2).contains("set -- --ct=est,rpl;"));
        assertEquals(3, route(d, NEW).ctStates(), "the answer is checked against the command's own three flags");
        assertEquals(0, route(d, PLAIN).ctStates());
    }

    @Test
    void a_ct_daemon_is_replaced_before_a_trace_could_find_its_states_used_up() {
        TraceDaemons d = daemons(8);
        Routed first = route(d, NEW), second = route(d, NEW);
        assertEquals(first.daemon(), second.daemon(), "6 of 8 states reserved");
        Routed third = route(d, NEW);
        assertNotEquals(first.daemon(), third.daemon(), "3 more could need the 2 left and one more: a new daemon");
        assertTrue(d.answered(first, TWO_STEPS));
        assertTrue(d.answered(second, TWO_STEPS), "the old daemon still answers what was asked of it");
        assertEquals(List.of(third.daemon()), d.daemons().stream().map(TraceDaemons.Daemon::directory).toList(),
                "the new one is the zone's; the old one stops on close");
        assertEquals(2, starts.commands.size());
        assertEquals(0, d.unanswered());
    }

    @Test
    void an_answer_whose_list_ran_out_is_run_one_shot_and_the_next_trace_gets_a_new_daemon() {
        TraceDaemons d = daemons(4096);
        Routed r = route(d, NEW);
        assertFalse(d.answered(r, RAN_DRY));
        d.notAnswered(r);
        assertEquals(1, d.unanswered());
        assertNotEquals(r.daemon(), route(d, NEW).daemon());
    }

    @Test
    void an_answer_with_more_ct_steps_than_its_flags_runs_one_shot_and_the_daemon_stays() {
        TraceDaemons d = daemons(4096);
        Routed oneFlag = route(d, DB.ovnTrace() + " ovn-worker --ct=new " + FLOW);
        assertFalse(d.answered(oneFlag, TWO_STEPS), "the one-shot's second step is the default, the daemon's is new");
        d.notAnswered(oneFlag);
        assertEquals(1, d.unanswered());
        assertEquals(oneFlag.daemon(), route(d, NEW).daemon(), "nothing wrong with the daemon");
    }

    @Test
    void a_failed_ask_retires_a_ct_daemon_as_it_does_a_plain_one() {
        TraceDaemons d = daemons(4096);
        Routed r = route(d, REPLY);
        assertFalse(d.answered(r, new ExecResult(1, "", "ovs-appctl: cannot connect", Duration.ZERO)));
        d.notAnswered(r);
        Routed again = route(d, REPLY);
        assertNotEquals(r.daemon(), again.daemon(), "a new one, once");
        assertFalse(d.answered(again, new ExecResult(1, "", "ovs-appctl: cannot connect", Duration.ZERO)));
        d.notAnswered(again);
        assertTrue(d.route(WORKER, DB, REPLY).isEmpty(), "twice: its traces run one-shot");
        assertTrue(d.route(WORKER, DB, NEW).isPresent(), "the other kinds are not affected");
    }

    @Test
    void a_command_with_more_flags_than_a_daemons_list_stays_one_shot() {
        assertTrue(daemons(2).route(WORKER, DB, NEW).isEmpty());
        assertTrue(starts.commands.isEmpty(), "no daemon started for it");
    }
}
