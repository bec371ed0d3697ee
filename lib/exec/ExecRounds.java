package ovntrace.lib.exec;

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
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.BatchScript.Item;

/**
 * The exec side of one run: round one surveys every node (and starts the ovn-detrace pairs alongside), round two
 * runs the planned steps that are left, grouped per node and lane, in parallel up to the configured limit; with
 * --fail-fast one group after another until a step does not pass.
 *
 * <p>It knows commands, nodes and which output feeds which command, not what a trace step means: the tracer's
 * planned steps are {@link Step}s, its early ovn-detrace pairs are {@link Ahead}s, and --fail-fast asks the tracer
 * ({@link Stop}) whether an earlier step failed.
 */
public final class ExecRounds implements AutoCloseable {

    /** One command of round two: where it runs and which earlier command's output it reads. */
    public interface Step {
        String command();

        ExecTarget target();

        /** The node the command runs on; steps of one node share an exec. */
        String node();

        /** False for steps that will not run (their inputs are missing, or they are skipped). */
        boolean runnable();

        /** Whether its stdout is kept for a later step that reads it. */
        boolean capturesOutput();

        /** The index of the step whose output this one reads (ovn-detrace its ofproto/trace), else -1. */
        int feeds();
    }

    /** Commands to start alongside the node surveys, in one exec sharing the variables {@code prelude} sets. */
    public interface Ahead {
        ExecTarget where();

        String prelude();

        Map<String, Item> items();
    }

    /** With --fail-fast: whether a step before index {@code first} did not pass, by the outcomes so far. */
    @FunctionalInterface
    public interface Stop {
        boolean before(int first, List<Outcome> sofar);
    }

    private final EngineOptions options;
    private final BatchRunner runner;
    private final ExecutorService pool;

    public ExecRounds(PodExec exec, EngineOptions options) {
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
    public record Survey<A extends Ahead>(Map<String, NodeSurvey.Result> nodes, Map<A, Future<Map<String, Outcome>>> lanes) {}

    /** Surveys every node and starts the lanes; returns once the surveys are done. */
    public <A extends Ahead> Survey<A> survey(List<NodeLookup.Request> requests, List<A> lanes) {
        NodeSurvey surveyor = new NodeSurvey(runner, options.log());
        Map<String, Future<NodeSurvey.Result>> nodes = new LinkedHashMap<>();
        Map<A, Future<Map<String, Outcome>>> ran = new LinkedHashMap<>();
        for (NodeLookup.Request r : requests) nodes.put(r.node(), pool.submit(() -> surveyor.survey(r)));
        for (A l : lanes) ran.put(l, pool.submit(() -> runner.runWithPrelude(l.where(), l.items(), l.prelude())));
        Map<String, NodeSurvey.Result> facts = new LinkedHashMap<>();
        nodes.forEach((n, f) -> facts.put(n, get(f)));
        return new Survey<>(facts, ran);
    }

    /** What the lanes ran, once they are done. */
    public <A extends Ahead> Map<A, Map<String, Outcome>> lanes(Survey<A> survey) {
        Map<A, Map<String, Outcome>> out = new LinkedHashMap<>();
        survey.lanes().forEach((l, f) -> out.put(l, get(f)));
        return out;
    }

    /** Runs the steps not in {@code skip}; outcomes are parallel to {@code steps}, null for steps not run here. */
    public List<Outcome> execute(List<? extends Step> steps, java.util.Set<Integer> skip) {
        return execute(steps, null, skip);
    }

    /**
     * The same, with --fail-fast when {@code failFast} is not null: one group after another, stopping before a group
     * once an earlier step did not pass.
     */
    public List<Outcome> execute(List<? extends Step> steps, Stop failFast, java.util.Set<Integer> skip) {
        Outcome[] outcomes = new Outcome[steps.size()];
        List<List<Integer>> groups = StepGroups.of(steps, failFast != null, skip);
        List<Callable<Map<Integer, Outcome>>> tasks = new ArrayList<>();
        for (List<Integer> group : groups) {
            Map<Integer, Item> items = new LinkedHashMap<>();
            for (int i : group) items.put(i, item(steps, i));
            ExecTarget where = steps.get(group.get(0)).target();
            tasks.add(() -> runner.run(where, items));
        }
        if (failFast == null) {
            List<Future<Map<Integer, Outcome>>> futures = tasks.stream().map(pool::submit).toList();
            futures.forEach(f -> get(f).forEach((i, o) -> outcomes[i] = o));
            return Arrays.asList(outcomes);
        }
        for (int g = 0; g < groups.size(); g++) {
            int first = groups.get(g).get(0);
            if (failFast.before(first, Arrays.asList(outcomes))) break;
            get(pool.submit(tasks.get(g))).forEach((i, o) -> outcomes[i] = o);
        }
        return Arrays.asList(outcomes);
    }

    /** A step that captures keeps its output in a variable for the step that reads it (ofproto/trace, ovn-detrace). */
    private static Item item(List<? extends Step> steps, int i) {
        Step s = steps.get(i);
        if (s.capturesOutput()) return Item.captured(s.command(), "O" + i);
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
