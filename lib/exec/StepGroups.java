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

    /** The runnable steps, grouped. */
    public static <S extends Step> List<List<S>> of(List<S> steps, boolean failFast) {
        return of(steps, failFast, java.util.Set.of());
    }

    /** The same, leaving out the steps in {@code done} (already run ahead of time). */
    public static <S extends Step> List<List<S>> of(List<S> steps, boolean failFast, java.util.Set<S> done) {
        List<List<S>> groups = failFast ? consecutive(steps) : byNodeAndLane(steps);
        List<List<S>> out = new ArrayList<>();
        for (List<S> g : groups) {
            List<S> left = g.stream().filter(s -> !done.contains(s)).toList();
            if (!left.isEmpty()) out.add(left);
        }
        return out;
    }

    private static <S extends Step> List<List<S>> consecutive(List<S> steps) {
        List<List<S>> groups = new ArrayList<>();
        String node = null;
        for (S s : steps) {
            if (!s.runnable()) continue;
            if (!s.node().equals(node)) {
                groups.add(new ArrayList<>());
                node = s.node();
            }
            groups.get(groups.size() - 1).add(s);
        }
        return groups;
    }

    private static <S extends Step> List<List<S>> byNodeAndLane(List<S> steps) {
        java.util.Set<Step> slow = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (S s : steps) if (s.runnable() && s.reads() != null) slow.add(s.reads());
        Map<String, List<S>> groups = new LinkedHashMap<>();
        for (S s : steps) {
            if (!s.runnable()) continue;
            boolean detraceLane = slow.contains(s) || s.reads() != null;
            groups.computeIfAbsent(s.node() + (detraceLane ? " detrace" : ""), k -> new ArrayList<>()).add(s);
        }
        return new ArrayList<>(groups.values());
    }
}
