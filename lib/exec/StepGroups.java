package ovntrace.lib.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.exec.ExecRounds.Step;

/**
 * Which steps share an exec. Normally one per node, ovn-detrace (its Python start-up is the slowest thing a run does)
 * in the background of it beside the other steps. With --fail-fast, each run of consecutive steps on one node, in
 * upstream's order, so the run can stop between them.
 */
public final class StepGroups {

    private StepGroups() {}

    /** The runnable steps, grouped. */
    public static <S extends Step> List<List<S>> of(List<S> steps, boolean failFast) {
        return of(steps, failFast, java.util.Set.of());
    }

    /** The same, leaving out the steps in {@code done} (already run ahead of time). */
    public static <S extends Step> List<List<S>> of(List<S> steps, boolean failFast, java.util.Set<S> done) {
        List<List<S>> groups = failFast ? consecutive(steps) : byNode(steps);
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

    /**
     * One group per node: the steps whose output another reads first (ofproto/trace), then those readers (ovn-detrace,
     * which run in the background of the exec), then the rest, which run meanwhile.
     */
    private static <S extends Step> List<List<S>> byNode(List<S> steps) {
        Map<String, List<S>> groups = new LinkedHashMap<>();
        for (int pass = 0; pass < 3; pass++) {
            for (S s : steps) {
                if (!s.runnable()) continue;
                int rank = s.capturesOutput() ? 0 : s.reads() != null ? 1 : 2;
                if (rank == pass) groups.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s);
            }
        }
        return new ArrayList<>(groups.values());
    }
}
