package ovntrace.lib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which steps share an exec. Normally two per node, run at the same time: ovn-detrace with the ofproto/trace it
 * reads (ovn-detrace's Python start-up is the slowest thing a run does) and everything else. With --fail-fast, each
 * run of consecutive steps on one node, in upstream's order, so the run can stop between them.
 */
final class StepGroups {

    private StepGroups() {}

    /** Indexes into {@code steps}, grouped; steps that cannot run are left out. */
    static List<List<Integer>> of(List<PlannedStep> steps, boolean failFast) {
        return of(steps, failFast, java.util.Set.of());
    }

    /** The same, leaving out the steps in {@code done} (already run ahead of time). */
    static List<List<Integer>> of(List<PlannedStep> steps, boolean failFast, java.util.Set<Integer> done) {
        List<List<Integer>> groups = failFast ? consecutive(steps) : byNodeAndLane(steps);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> g : groups) {
            List<Integer> left = g.stream().filter(i -> !done.contains(i)).toList();
            if (!left.isEmpty()) out.add(left);
        }
        return out;
    }

    private static List<List<Integer>> consecutive(List<PlannedStep> steps) {
        List<List<Integer>> groups = new ArrayList<>();
        String node = null;
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep s = steps.get(i);
            if (!s.runnable()) continue;
            if (!s.where().node().equals(node)) {
                groups.add(new ArrayList<>());
                node = s.where().node();
            }
            groups.get(groups.size() - 1).add(i);
        }
        return groups;
    }

    private static List<List<Integer>> byNodeAndLane(List<PlannedStep> steps) {
        List<Boolean> slow = new ArrayList<>();
        for (PlannedStep s : steps) slow.add(false);
        for (PlannedStep s : steps) {
            if (s.runnable() && s.feeds() >= 0) slow.set(s.feeds(), true);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep s = steps.get(i);
            if (!s.runnable()) continue;
            boolean detraceLane = slow.get(i) || s.feeds() >= 0;
            groups.computeIfAbsent(s.where().node() + (detraceLane ? " detrace" : ""), k -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(groups.values());
    }
}
