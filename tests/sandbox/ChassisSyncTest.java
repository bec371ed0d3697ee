package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ovntrace.ovn.ChassisSync;
import ovntrace.ovn.ChassisSync.Step;
import ovntrace.support.Fixtures;

/**
 * `up` asks the chassis for a northbound configuration once and asks again only when none of them moves: a
 * 10,000-pod cluster's `up` once failed because it asked anew every 30 s while the ovn-controllers were still
 * catching up, so that they never reached the newest number before the bound ran out.
 */
class ChassisSyncTest {

    private static final Set<String> NODES = Set.of("ovn-worker", "ovn-worker2", "ovn-control-plane");
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void slowControllersThatKeepMovingAreNotAskedAgainUntilTheyAllArrive() {
        ChassisSync sync = ChassisSync.waitingFor(31, 0);
        // One chassis moves every 45 s for ten minutes: longer than any stall limit in all, never 60 s still.
        long t = 0;
        for (long cfg = 18; cfg < 31; cfg++) {
            t += 45 * SECOND;
            sync = sync.observe(Map.of("ovn-worker", cfg, "ovn-worker2", 31L, "ovn-control-plane", 31L), t);
            assertEquals(Step.WAIT, sync.next(NODES, t + 44 * SECOND, STALL), "at " + t / SECOND + " s");
        }
        sync = sync.observe(Map.of("ovn-worker", 31L, "ovn-worker2", 31L, "ovn-control-plane", 31L), t + 45 * SECOND);
        assertEquals(Step.DONE, sync.next(NODES, t + 45 * SECOND, STALL));
    }

    @Test
    void whenNoChassisMovesForTheStallLimitTheSandboxAsksAgain() {
        Map<String, Long> stuck = Map.of("ovn-worker", 30L, "ovn-worker2", 31L, "ovn-control-plane", 31L);
        ChassisSync sync = ChassisSync.waitingFor(31, 0).observe(stuck, 5 * SECOND);
        // The same reports again are no move: the clock runs from the last change.
        sync = sync.observe(Map.copyOf(stuck), 40 * SECOND);
        assertEquals(Step.WAIT, sync.next(NODES, 64 * SECOND, STALL));
        assertEquals(Step.BUMP, sync.next(NODES, 65 * SECOND, STALL));
        assertEquals("ovn-worker at 30 of 31", sync.behind(NODES));
    }

    @Test
    void aChassisThatReportedNothingIsBehindAndOnesOutsideTheZoneDoNotCount() {
        ChassisSync sync = ChassisSync.waitingFor(7, 0)
                .observe(Map.of("ovn-worker", 7L, "ovn-worker2", 9L, "other-zone-node", 1L), SECOND);
        assertEquals(Step.WAIT, sync.next(NODES, 2 * SECOND, STALL));
        assertEquals("ovn-control-plane at nothing of 7", sync.behind(NODES));
        assertEquals(Step.DONE, sync.next(Set.of("ovn-worker", "ovn-worker2"), 2 * SECOND, STALL));
    }

    @Test
    void theStallLimitGrowsWithThePods() {
        assertEquals(Duration.ofSeconds(31), ChassisSync.stallLimit(50));
        assertEquals(Duration.ofSeconds(230), ChassisSync.stallLimit(10_000));
    }

    @Test
    void whatEachChassisReportedIsReadFromTheSouthboundDatabase() {
        assertEquals(Map.of("ovn-worker", 2L, "ovn-control-plane", 2L, "ovn-worker2", 2L),
                ChassisSync.parseReports(Fixtures.output("central/chassis-private.txt")));
        assertEquals(Map.of("ovn-worker", 3L), ChassisSync.parseReports("ovn-worker,3\nnew-node,\n\n"),
                "a chassis whose nb_cfg is not set yet reports nothing");
    }
}
