package ovntrace.lib.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.exec.ExecRounds.Step;

/**
 * Which steps share an exec. Normally two per node, run at the same time: ovn-detrace with the ofproto/trace it
 * reads (ovn-detrace's Python start-up is the slowest thing a run does) and everything else. With --fail-fast, each
 * run of consecutive steps on one node, in upstream's order, so the run can stop between them.
 */
public final class StepGroups {

    private StepGroups() {}

    /** Indexes into {@code steps}, grouped; steps that cannot run are left out. */
    public static List<List<Integer>> of(List<? extends Step> steps, boolean failFast) {
        return of(steps, failFast, java.util.Set.of());
    }

    /** The same, leaving out the steps in {@code done} (already run ahead of time). */
    public static List<List<Integer>> of(List<? extends Step> steps, boolean failFast, java.util.Set<Integer> done) {
        List<List<Integer>> groups = failFast ? consecutive(steps) : byNodeAndLane(steps);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> g : groups) {
            List<Integer> left = g.stream().filter(i -> !done.contains(i)).toList();
            if (!left.isEmpty()) out.add(left);
        }
        return out;
    }

    private static List<List<Integer>> consecutive(List<? extends Step> steps) {
        List<List<Integer>> groups = new ArrayList<>();
        String node = null;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!s.runnable()) continue;
            if (!s.node().equals(node)) {
                groups.add(new ArrayList<>());
                node = s.node();
            }
            groups.get(groups.size() - 1).add(i);
        }
        return groups;
    }

    private static List<List<Integer>> byNodeAndLane(List<? extends Step> steps) {
        List<Boolean> slow = new ArrayList<>();
        for (Step s : steps) slow.add(false);
        for (Step s : steps) {
            if (s.runnable() && s.feeds() >= 0) slow.set(s.feeds(), true);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!s.runnable()) continue;
            boolean detraceLane = slow.get(i) || s.feeds() >= 0;
            groups.computeIfAbsent(s.node() + (detraceLane ? " detrace" : ""), k -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(groups.values());
    }
}
