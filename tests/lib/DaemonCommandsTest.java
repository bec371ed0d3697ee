package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.exec.BatchRunner;
import ovntrace.lib.exec.BatchScript;
import ovntrace.lib.trace.ConnectionSteps.CtState;
import ovntrace.lib.trace.ConntrackBudget;
import ovntrace.lib.trace.DaemonCommands;
import ovntrace.lib.trace.DaemonCommands.Ask;

/**
 * The shell commands of an ovn-trace daemon: which traces it may answer (upstream's plain ones, and ovntrace's own
 * connection checks, which give one conntrack state several times), and how it starts, answers and stops.
 */
class DaemonCommandsTest {

    private static final DbAccess IC = DbAccess.interconnect("ovn-worker");
    private static final DbAccess CENTRAL_SSL = DbAccess.fromAddresses(ClusterMode.CENTRAL, DbAccess.CENTRAL_ZONE,
            "ssl:10.0.0.5:9641,ssl:10.0.0.6:9641", "ssl:10.0.0.5:9642,ssl:10.0.0.6:9642");
    private static final String FLOW = "'inport==\"default_a\" && eth.src==0a:58:0a:f4:02:03 && eth.dst==0a:58:0a:f4:02:01"
            + " && ip4.src==10.244.2.3 && ip4.dst==10.244.1.6 && ip.ttl==64 && udp.dst==53 && udp.src==52888'";
    private static final String DIR = "/tmp/ovntrace-daemon.AbCdEf0123";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void upstreams_plain_traces_with_or_without_a_datapath_go_to_the_daemon() {
        assertTrue(DaemonCommands.plain(IC, "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker " + FLOW));
        assertTrue(DaemonCommands.plain(IC, "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock " + FLOW), "the remote half names no datapath");
        assertTrue(DaemonCommands.plain(CENTRAL_SSL, CENTRAL_SSL.ovnTrace() + " ovn-worker " + FLOW));
    }

    @Test
    void connection_checks_go_to_the_daemon_of_their_state_with_their_flag_count() {
        String head = IC.ovnTrace();
        assertEquals(Optional.of(new Ask(CtState.NEW, 3, " ovn-worker " + FLOW)),
                DaemonCommands.ask(IC, head + " ovn-worker --ct=new --ct=new --ct=new " + FLOW));
        assertEquals(Optional.of(new Ask(CtState.REPLY, 5, " ext_ovn-worker " + FLOW)),
                DaemonCommands.ask(IC, head + " ext_ovn-worker --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl --ct=est,rpl " + FLOW),
                "the reply from an external IP, through the gateway router");
        assertEquals(Optional.of(new Ask(CtState.REPLY, 3, " " + FLOW)), DaemonCommands.ask(IC, head + " --ct=est,rpl --ct=est,rpl --ct=est,rpl " + FLOW),
                "the remote half names no datapath");
        assertEquals(Optional.of(new Ask(null, 0, " ovn-worker " + FLOW)), DaemonCommands.ask(IC, head + " ovn-worker " + FLOW));
        assertFalse(DaemonCommands.plain(IC, head + " ovn-worker --ct=new --ct=new --ct=new " + FLOW), "a plain daemon has no ct states");
    }

    @Test
    void mixed_states_unknown_states_and_a_steered_load_balancer_stay_one_shot() {
        String head = IC.ovnTrace();
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker --ct=new --ct=est,rpl " + FLOW), "one list holds one state");
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker --ct=est " + FLOW), "no daemon of that state");
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker --ct=new " + FLOW + " --lb-dst 10.244.1.6:8080"),
                "ovn-trace uses up --lb-dst too");
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker " + FLOW + " --ct=new"), "flags come before the microflow");
        assertFalse(DaemonCommands.plain(IC, "ovs-appctl ofproto/trace br-int \"in_port=5, udp\""));
        assertFalse(DaemonCommands.plain(CENTRAL_SSL, IC.ovnTrace() + " ovn-worker " + FLOW), "another database's command");
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker " + FLOW + "; rm -rf /"), "nothing after the microflow");
        assertEquals(Optional.empty(), DaemonCommands.ask(IC, head + " ovn-worker --ct=new;reboot " + FLOW));
    }

    @Test
    void the_daemon_is_asked_the_same_datapath_and_microflow_in_no_longer_a_command() {
        String oneShot = "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker " + FLOW;
        String ask = DaemonCommands.trace(IC, oneShot, DIR, TIMEOUT);
        assertEquals("ovs-appctl --timeout=10 -t " + DIR + "/ctl trace ovn-worker " + FLOW, ask);
        assertTrue(BatchScript.encodedLength(ask) <= BatchScript.encodedLength(oneShot) + 40, "a node's steps still fit their execs");
        assertThrows(IllegalArgumentException.class, () -> DaemonCommands.trace(IC, IC.ovnTrace() + " --ct=new --lb-dst 10.0.0.1 " + FLOW, DIR, TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> DaemonCommands.trace(IC, oneShot, "/tmp/x; reboot", TIMEOUT));
    }

    @Test
    void a_ct_daemon_is_asked_without_the_flags_its_own_list_gives() {
        String oneShot = "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock ovn-worker --ct=new --ct=new --ct=new " + FLOW;
        assertEquals("ovs-appctl --timeout=10 -t " + DIR + "/ctl trace ovn-worker " + FLOW, DaemonCommands.trace(IC, oneShot, DIR, TIMEOUT));
        String remote = "ovn-trace --db unix:/var/run/ovn/ovnsb_db.sock --ct=est,rpl --ct=est,rpl --ct=est,rpl " + FLOW;
        assertEquals("ovs-appctl --timeout=10 -t " + DIR + "/ctl trace " + FLOW, DaemonCommands.trace(IC, remote, DIR, TIMEOUT));
    }

    @Test
    void only_an_exit_status_of_0_is_an_answer() {
        assertTrue(OvnTraceDaemons.answered(new ExecResult(0, "ingress(dp=\"ovn-worker\")", "", Duration.ZERO)));
        assertFalse(OvnTraceDaemons.answered(new ExecResult(1, "", "ovs-appctl: cannot connect", Duration.ZERO)));
        assertFalse(OvnTraceDaemons.answered(new ExecResult(2, "", "syntax error", Duration.ZERO)), "the one-shot says it as upstream does");
        assertFalse(OvnTraceDaemons.answered(null));
    }

    @Test
    void start_makes_a_private_directory_starts_the_watchdog_first_and_prints_the_directory() {
        String start = DaemonCommands.start(CENTRAL_SSL, Duration.ofMinutes(5));
        assertTrue(start.startsWith("D=$(mktemp -d /tmp/ovntrace-daemon.XXXXXXXXXX)||exit 1\n"), start);
        assertTrue(start.indexOf("while [ $i -lt 300 ]") < start.indexOf(" --detach"), "the watchdog runs before the daemon");
        assertTrue(start.contains(CENTRAL_SSL.ovnTrace() + " --detach --no-chdir --pidfile=\"$D/pid\" --unixctl=\"$D/ctl\""), start);
        assertTrue(start.endsWith("echo \"$D\""));
        assertEquals(Optional.of(DIR), DaemonCommands.directory(DIR + "\n"));
        assertEquals(Optional.empty(), DaemonCommands.directory("ovn-trace: error\n"));
    }

    @Test
    void a_ct_daemon_starts_with_exactly_the_count_of_its_state_built_by_the_shell() throws Exception {
        String start = DaemonCommands.start(IC, Duration.ofMinutes(5), CtState.REPLY, 4096);
        assertTrue(start.contains(IC.ovnTrace() + " --detach --no-chdir --pidfile=\"$D/pid\" --unixctl=\"$D/ctl\" \"$@\" </dev/null"), start);
        assertTrue(start.length() < DaemonCommands.start(IC, Duration.ofMinutes(5)).length() + 120, "the list is not spelled out");
        // the list as the shell builds it, for a count that is a power of two and for one that is not
        for (int count : new int[] {4096, 3, 1, 1000}) {
            String list = DaemonCommands.start(IC, Duration.ofMinutes(5), CtState.NEW, count).lines()
                    .filter(l -> l.startsWith("set -- ")).findFirst().orElseThrow();
            Process p = new ProcessBuilder("sh", "-c", list + "\nprintf '%s\\n' \"$@\" | sort | uniq -c").redirectErrorStream(true).start();
            assertEquals(String.format("%7d --ct=new", count), new String(p.getInputStream().readAllBytes()).stripTrailing());
            assertEquals(0, p.waitFor());
        }
        assertThrows(IllegalArgumentException.class, () -> DaemonCommands.start(IC, Duration.ofMinutes(5), CtState.NEW, 0));
    }

    @Test
    void a_daemon_lives_five_minutes_or_four_deadlines_when_those_are_longer() {
        assertEquals(Duration.ofMinutes(5), DaemonCommands.lifetime(TIMEOUT));
        assertEquals(Duration.ofMinutes(8), DaemonCommands.lifetime(Duration.ofMinutes(2)));
    }

    @Test
    void stop_asks_it_to_exit_ends_the_watchdog_and_removes_the_directory() {
        String stop = DaemonCommands.stop(DIR);
        assertTrue(stop.startsWith("D=" + DIR + ";[ -d $D ]||exit 0;"), stop);
        assertTrue(stop.contains("ovs-appctl --timeout=5 -t $D/ctl exit"));
        assertTrue(stop.contains("kill $W"));
        assertTrue(stop.endsWith("rm -rf $D"));
        assertThrows(IllegalArgumentException.class, () -> DaemonCommands.stop("/"));
    }

    @Test
    void every_command_fits_an_exec_request_with_room_to_spare() {
        ExecTarget t = new ExecTarget("openshift-ovn-kubernetes", "ovnkube-node-abcde", "ovnkube-controller", "worker-0");
        String oneShot = CENTRAL_SSL.ovnTrace() + " worker-0 " + FLOW;
        for (String c : new String[] {DaemonCommands.start(CENTRAL_SSL, Duration.ofMinutes(5)), DaemonCommands.stop(DIR),
                DaemonCommands.start(CENTRAL_SSL, Duration.ofMinutes(5), CtState.REPLY, ConntrackBudget.SIZE),
                DaemonCommands.trace(CENTRAL_SSL, oneShot, DIR, TIMEOUT)}) {
            assertTrue(BatchScript.encodedLength(c) < BatchRunner.budget(t), BatchScript.encodedLength(c) + ": " + c);
        }
    }
}
