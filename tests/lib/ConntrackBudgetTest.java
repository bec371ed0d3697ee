package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ovntrace.lib.trace.ConntrackBudget;
import ovntrace.support.Fixtures;
import ovntrace.support.Fixtures.Fixture;

/**
 * A ct daemon's conntrack states: how many steps an answer took, counted from real ovn-trace output of OVN 23.03 and
 * 25.03; whether an answer is what the one-shot command prints; and when the daemon has too few states left.
 */
class ConntrackBudgetTest {

    private static final Pattern FLAG = Pattern.compile(" --ct=[a-z,]+");

    private static int flags(Fixture f) {
        Matcher m = FLAG.matcher(f.header());
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void a_pod_to_pod_new_connection_takes_the_source_and_destination_switches_ct_steps() {
        assertEquals(2, ConntrackBudget.steps(Fixtures.output("central/policy-drop-ovn-trace-ct-new.txt")), "23.03, both on one switch");
        assertEquals(2, ConntrackBudget.steps(Fixtures.output("central-25.03/policy-allow-ovn-trace-ct-new.txt")));
        assertEquals(1, ConntrackBudget.steps(Fixtures.output("ic-25.03/policy-drop-ovn-trace-remote-ct-new.txt")),
                "interconnect: each zone's half meets one switch");
    }

    @Test
    void through_the_gateway_router_the_count_is_an_upper_bound() {
        // ct_lb_mark, ct_dnat and ct_snat: a ct_snat on a packet conntrack already tracks takes no state (one of
        // these three took none, as the same command with 2 flags showed on the local cluster), but is counted
        assertEquals(3, ConntrackBudget.steps(Fixtures.output("ic-25.03/external-ip-request-ovn-trace.txt")));
        assertEquals(3, ConntrackBudget.steps(Fixtures.output("central/external-ip-request-ovn-trace.txt")));
        assertEquals(2, ConntrackBudget.steps(Fixtures.output("ic-25.03/external-ip-reply-unsnat-ovn-trace.txt")));
        assertEquals(0, ConntrackBudget.steps(Fixtures.output("ic-25.03/external-ip-reply-ovn-trace.txt")),
                "to the SNAT address the trace stops before any ct step");
    }

    /** Every captured ovn-trace output: a count too low would let a daemon's answer stand for a one-shot that fell back. */
    @ParameterizedTest
    @ValueSource(strings = {"ic", "ic-25.03", "central", "central-25.03", "policy-23.03", "policy-25.03", "policy", "ct-daemon", "docs"})
    void wherever_the_one_shot_fell_back_to_the_default_the_count_exceeds_its_flags(String dir) {
        List<Fixture> traces = Fixtures.list(dir).stream().map(n -> Fixtures.load(dir + "/" + n))
                .filter(f -> f.header().contains(": ovn-trace ") || f.header().contains("/ctl trace ")).toList();
        assertFalse(traces.isEmpty(), dir);
        for (Fixture f : traces) {
            if (ConntrackBudget.ranDry(f.output())) {
                assertTrue(ConntrackBudget.steps(f.output()) > flags(f), f.name() + ": " + ConntrackBudget.steps(f.output()) + " steps");
            }
        }
    }

    @Test
    void an_answer_is_the_one_shots_when_it_took_no_more_steps_than_flags_and_none_fell_back() {
        String twoSteps = Fixtures.output("central/policy-drop-ovn-trace-ct-new.txt");
        assertTrue(ConntrackBudget.oneShots(3, twoSteps));
        assertTrue(ConntrackBudget.oneShots(2, twoSteps));
        assertFalse(ConntrackBudget.oneShots(1, twoSteps), "with one flag the one-shot's second step is trk,est");
        assertTrue(ConntrackBudget.oneShots(5, Fixtures.output("ic-25.03/external-ip-request-ovn-trace.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23.03", "25.03"})
    void a_daemon_whose_list_ran_out_mid_trace_prints_what_the_one_shot_with_fewer_flags_prints(String version) {
        String dry = Fixtures.output("ct-daemon/same-node-ct-new-daemon-ran-dry-" + version + ".txt");
        assertTrue(ConntrackBudget.ranDry(dry));
        assertFalse(ConntrackBudget.oneShots(3, dry), "not what --ct=new x3 prints");
        assertEquals(Fixtures.output("ct-daemon/same-node-ct-new-one-flag-" + version + ".txt"), dry,
                "its one state left, then the default: byte for byte the one-shot given one flag");
    }

    @Test
    void a_daemon_has_room_for_a_trace_while_its_states_left_cover_the_trace_and_those_in_flight() {
        ConntrackBudget b = ConntrackBudget.full(8);
        assertTrue(b.fits(5));
        b = b.reserve(5);
        assertFalse(b.fits(5), "5 in flight of 8: a second gateway trace could find the list used up");
        assertTrue(b.fits(3));
        b = b.reserve(3).settle(5, 3).settle(3, 2);
        assertEquals(new ConntrackBudget(8, 5, 0), b, "answered: charged the steps they took, the reservations released");
        assertTrue(b.fits(3));
        assertFalse(b.fits(4));
    }

    @Test
    void an_answer_that_took_more_than_its_flags_is_charged_all_it_took() {
        ConntrackBudget b = ConntrackBudget.full(ConntrackBudget.SIZE).reserve(3).settle(3, 7);
        assertEquals(ConntrackBudget.SIZE - 7, b.size() - b.spent() - b.reserved());
    }
}
