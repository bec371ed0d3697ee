package ovntrace.lib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ovntrace.lib.BatchScript.Item;
import ovntrace.lib.Verdicts.Outcome;

/**
 * The exec side of one run: round one surveys every node (and starts the ovn-detrace pairs alongside), round two
 * runs the planned steps that are left, grouped per node and lane, in parallel up to the configured limit; with
 * --fail-fast one group after another until a step does not pass.
 */
final class ExecRounds implements AutoCloseable {

    private final EngineOptions options;
    private final BatchRunner runner;
    private final ExecutorService pool;

    ExecRounds(PodExec exec, EngineOptions options) {
        this.options = options;
        this.runner = new BatchRunner(exec, options);
        int threads = options.batch() ? Math.max(1, options.parallelism()) : 1;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ovntrace-exec");
            t.setDaemon(true);
            return t;
        });
    }

    /** What round one found: each node's facts; the speculative lanes may still be running. */
    record Survey(Map<String, NodeSurvey.Result> nodes, Map<SpeculativeDetrace.Lane, Future<Map<String, Outcome>>> lanes) {}

    /** Surveys every node and starts the lanes; returns once the surveys are done. */
    Survey survey(List<NodeLookup.Request> requests, List<SpeculativeDetrace.Lane> lanes) {
        NodeSurvey surveyor = new NodeSurvey(runner, options.log());
        Map<String, Future<NodeSurvey.Result>> nodes = new LinkedHashMap<>();
        Map<SpeculativeDetrace.Lane, Future<Map<String, Outcome>>> ran = new LinkedHashMap<>();
        for (NodeLookup.Request r : requests) nodes.put(r.node(), pool.submit(() -> surveyor.survey(r)));
        for (SpeculativeDetrace.Lane l : lanes) ran.put(l, pool.submit(() -> runner.runWithPrelude(l.where(), l.items(), l.prelude())));
        Map<String, NodeSurvey.Result> facts = new LinkedHashMap<>();
        nodes.forEach((n, f) -> facts.put(n, get(f)));
        return new Survey(facts, ran);
    }

    /** What the lanes ran, once they are done. */
    Map<SpeculativeDetrace.Lane, Map<String, Outcome>> lanes(Survey survey) {
        Map<SpeculativeDetrace.Lane, Map<String, Outcome>> out = new LinkedHashMap<>();
        survey.lanes().forEach((l, f) -> out.put(l, get(f)));
        return out;
    }

    /**
     * Runs the steps not in {@code skip}; outcomes are parallel to {@code steps}, null for steps not run here.
     * With --fail-fast, stops before a group once an earlier step did not pass.
     */
    List<Outcome> execute(List<PlannedStep> steps, boolean failFast, java.util.Set<Integer> skip) {
        Outcome[] outcomes = new Outcome[steps.size()];
        List<List<Integer>> groups = StepGroups.of(steps, failFast, skip);
        List<Callable<Map<Integer, Outcome>>> tasks = new ArrayList<>();
        for (List<Integer> group : groups) {
            Map<Integer, Item> items = new LinkedHashMap<>();
            for (int i : group) items.put(i, item(steps, i));
            ExecTarget where = steps.get(group.get(0)).where().where();
            tasks.add(() -> runner.run(where, items));
        }
        if (!failFast) {
            List<Future<Map<Integer, Outcome>>> futures = tasks.stream().map(pool::submit).toList();
            futures.forEach(f -> get(f).forEach((i, o) -> outcomes[i] = o));
            return Arrays.asList(outcomes);
        }
        for (int g = 0; g < groups.size(); g++) {
            int first = groups.get(g).get(0);
            List<StepResult> sofar = Verdicts.judge(steps, Arrays.asList(outcomes));
            if (sofar.subList(0, first).stream().anyMatch(r -> r.verdict() == Verdict.FAIL || r.verdict() == Verdict.INCONCLUSIVE)) break;
            get(pool.submit(tasks.get(g))).forEach((i, o) -> outcomes[i] = o);
        }
        return Arrays.asList(outcomes);
    }

    /** An ofproto/trace keeps its output in a variable for the ovn-detrace that reads it. */
    private static Item item(List<PlannedStep> steps, int i) {
        PlannedStep s = steps.get(i);
        if (s.tool() == Tool.OFPROTO_TRACE) return Item.captured(s.command(), "O" + i);
        if (s.feeds() >= 0) return Item.fed(s.command(), "O" + s.feeds(), steps.get(s.feeds()).command());
        return Item.plain(s.command());
    }

    private static <V> V get(Future<V> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new TraceError(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceError("interrupted", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
