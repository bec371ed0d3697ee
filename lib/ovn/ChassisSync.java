package ovntrace.ovn;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When a zone's chassis have caught up with the northbound configuration, and when to ask them again.
 *
 * <p>{@code ovn-nbctl --wait=hv sync} bumps {@code nb_cfg} and waits until every chassis reports it. Retried every
 * 30 s, as {@code up} once did, each try asked for a newer {@code nb_cfg} while ten ovn-controllers of a 10,000-pod
 * cluster were still computing their flows on two cores (about 35 s each, five to a core): they reported sequence
 * numbers 18 to 31 of 31 when the bound ran out. So the sandbox bumps once and then only watches what the chassis
 * report ({@code Chassis_Private.nb_cfg}); it bumps again only when no chassis has moved for a while, which is what
 * an ovn-controller needs that reports nothing until the next {@code nb_cfg} (after "req_cfg regressed", when its
 * OpenFlow connection was reset while it caught up).
 *
 * @param target  the {@code nb_cfg} every chassis must reach
 * @param reports what each chassis reported when one last moved
 * @param since   when one last moved (or the target was set), in {@link System#nanoTime()} terms
 */
public record ChassisSync(long target, Map<String, Long> reports, long since) {

    /** What to do after a look at the chassis. */
    public enum Step { DONE, WAIT, BUMP }

    public ChassisSync {
        reports = Map.copyOf(reports);
    }

    /** Waiting for {@code target}, from {@code now}, with nothing reported yet. */
    public static ChassisSync waitingFor(long target, long now) {
        return new ChassisSync(target, Map.of(), now);
    }

    /** How long no chassis may move before the sandbox bumps again: longer for more pods, as each recompute is. */
    public static Duration stallLimit(int pods) {
        return Duration.ofSeconds(30).plusMillis(20L * pods);
    }

    /** This state after a look at what the chassis report now. */
    public ChassisSync observe(Map<String, Long> now, long nanos) {
        return now.equals(reports) ? this : new ChassisSync(target, now, nanos);
    }

    /** What to do next, for the chassis {@code expected}, at {@code nanos}, allowing {@code stall} without a move. */
    public Step next(Set<String> expected, long nanos, Duration stall) {
        boolean all = expected.stream().allMatch(c -> reports.getOrDefault(c, 0L) >= target);
        if (all) return Step.DONE;
        return nanos - since >= stall.toNanos() ? Step.BUMP : Step.WAIT;
    }

    /**
     * What {@code ovn-sbctl --format=csv --data=bare --no-headings --columns=name,nb_cfg list Chassis_Private}
     * printed: each chassis and the {@code nb_cfg} it last reported.
     */
    public static Map<String, Long> parseReports(String csv) {
        Map<String, Long> reports = new HashMap<>();
        for (String line : csv.split("\n")) {
            int comma = line.lastIndexOf(',');
            if (comma <= 0) continue;
            try {
                reports.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1).trim()));
            } catch (NumberFormatException e) {
                // A row whose nb_cfg is not yet set reports nothing.
            }
        }
        return reports;
    }

    /** The chassis of {@code expected} that have not yet reported {@code target}, for an error message. */
    public String behind(Set<String> expected) {
        return expected.stream().sorted()
                .filter(c -> reports.getOrDefault(c, 0L) < target)
                .map(c -> c + " at " + (reports.containsKey(c) ? reports.get(c) : "nothing"))
                .reduce((a, b) -> a + ", " + b)
                .map(s -> s + " of " + target)
                .orElse("none");
    }
}
