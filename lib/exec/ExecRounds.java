package ovntrace.lib.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.BatchScript.Item;

/**
 * The exec side of one run: round one surveys every node, each in one exec with the steps planned ahead for it;
 * the next rounds run the planned steps that are left, grouped per node, in parallel up to the configured limit; with
 * --fail-fast one group after another until a step does not pass.
 *
 * <p>It knows commands, nodes and which output feeds which command, not what a trace step means: the tracer's
 * planned steps are {@link Step}s, what it plans ahead of the lookups are {@link NodeSurvey.Ahead}s, and --fail-fast asks the tracer
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

        /** The step whose output this one reads (ovn-detrace its ofproto/trace), else null. */
        Step reads();

        /**
         * How {@code command} (this step's, or its daemon's ask) runs when fed the output of {@link #reads()}: as it is,
         * unless the step knows an equivalent that does less work (ovn-detrace: each distinct cookie looked up once).
         */
        default String feeding(String command) {
            return command;
        }

        /** The OVN databases the command reads, if it reads them (an ovn-trace daemon may then answer it), else null. */
        default DbAccess db() {
            return null;
        }
    }

    /**
     * A step a daemon answers: run as {@code route} says, logged and reported as the step's own command. A fed one
     * (ovn-detrace) still reads its step's input.
     */
    private record Routed(Step step, OvnTraceDaemons.Routed route) implements Step {
        @Override
        public String command() {
            return route.command();
        }

        @Override
        public ExecTarget target() {
            return route.where();
        }

        @Override
        public String node() {
            return route.where().node();
        }

        @Override
        public boolean runnable() {
            return step.runnable();
        }

        @Override
        public boolean capturesOutput() {
            return false;
        }

        @Override
        public String feeding(String command) {
            return step.feeding(command);
        }

        @Override
        public Step reads() {
            return step.reads();
        }
    }

    /** With --fail-fast: whether a step planned before {@code first} did not pass, by the outcomes so far. */
    @FunctionalInterface
    public interface Stop<S extends Step> {
        boolean before(S first, Map<S, Outcome> sofar);
    }

    private final EngineOptions options;
    private final BatchRunner runner;
    private final ExecutorService pool;
    /** The surveys' execs left open, by pod: each takes its node's next group instead of an exec of its own. */
    private final Map<ExecTarget, BatchRunner.Open<?>> open = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Round one: every node's lookups, each in one exec with the commands {@code ahead} plans for that node (none
     * for a node not in it); the nodes in parallel.
     */
    public Map<String, NodeSurvey.Result> survey(List<NodeLookup.Request> requests, Map<String, ? extends NodeSurvey.Ahead> ahead) {
        NodeSurvey surveyor = new NodeSurvey(runner, options.log(), open::put);
        Map<String, Future<NodeSurvey.Result>> nodes = new LinkedHashMap<>();
        for (NodeLookup.Request r : requests) nodes.put(r.node(), pool.submit(() -> surveyor.survey(r, ahead.get(r.node()))));
        Map<String, NodeSurvey.Result> facts = new LinkedHashMap<>();
        nodes.forEach((n, f) -> facts.put(n, get(f)));
        return facts;
    }

    /** Runs the runnable steps not in {@code skip}; the outcomes by step (steps not run here have none). */
    public <S extends Step> Map<S, Outcome> execute(List<S> steps, java.util.Set<S> skip) {
        return execute(steps, null, skip, Map.of());
    }

    /**
     * The same, where {@code captured} names the shell variable that holds the output of a step that ran in its node's
     * survey: a step that reads one, run in that exec kept open, reads it from there instead of running it again.
     */
    public <S extends Step> Map<S, Outcome> execute(List<S> steps, java.util.Set<S> skip, Map<? extends Step, String> captured) {
        return execute(steps, null, skip, captured);
    }

    /** With --fail-fast: see {@link #execute(List, Stop, java.util.Set, Map)}. */
    public <S extends Step> Map<S, Outcome> execute(List<S> steps, Stop<S> failFast, java.util.Set<S> skip) {
        return execute(steps, failFast, skip, Map.of());
    }

    /**
     * The same, with --fail-fast when {@code failFast} is not null: one group after another, stopping before a group
     * once an earlier step did not pass.
     */
    public <S extends Step> Map<S, Outcome> execute(List<S> steps, Stop<S> failFast, java.util.Set<S> skip,
                                                    Map<? extends Step, String> captured) {
        Map<S, OvnTraceDaemons.Routed> routes = routes(steps, skip);
        Map<S, Outcome> outcomes = run(steps, failFast, skip, routes, captured);
        // a daemon that did not answer (gone, crashed, or the trace failed there): the one-shot commands answer, as
        // without a daemon, in one more exec per node
        List<S> again = new ArrayList<>();
        for (S s : steps) {
            // asked once per answer: a ct daemon counts the states each answer took
            if (routes.containsKey(s) && outcomes.containsKey(s) && !options.daemons().answered(routes.get(s), outcomes.get(s).result())) again.add(s);
        }
        if (again.isEmpty()) return outcomes;
        options.log().log(5, again.size() + " step(s) not answered by their daemon; running them one-shot");
        again.forEach(s -> options.daemons().notAnswered(routes.get(s), outcomes.get(s).result()));
        outcomes.putAll(run(again, null, java.util.Set.of(), Map.of(), Map.of()));
        return outcomes;
    }

    /** Runs the steps, those in {@code routes} as their daemon's asks (which may run in another pod of the zone). */
    private <S extends Step> Map<S, Outcome> run(List<S> steps, Stop<S> failFast, java.util.Set<S> skip,
                                                 Map<S, OvnTraceDaemons.Routed> routes, Map<? extends Step, String> captured) {
        Map<S, Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Step, S> origin = new java.util.IdentityHashMap<>();
        List<Step> runs = new ArrayList<>();
        java.util.Set<Step> skipped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (S s : steps) {
            Step run = routes.containsKey(s) ? new Routed(s, routes.get(s)) : s;
            origin.put(run, s);
            runs.add(run);
            if (skip.contains(s)) skipped.add(run);
        }
        List<List<Step>> groups = StepGroups.of(runs, failFast != null, skipped);
        Map<Step, String> names = new java.util.IdentityHashMap<>();
        for (Step s : runs) {
            // a producer not run here that ran in its node's survey: its variable there (set if this runs in that exec)
            String there = skipped.contains(s) ? captured.get(origin.get(s)) : null;
            names.put(s, there != null ? there : "O" + names.size());
        }
        List<Callable<Map<S, Outcome>>> tasks = new ArrayList<>();
        for (List<Step> group : groups) {
            Map<Step, Item> items = new LinkedHashMap<>();
            for (Step s : group) items.put(s, item(s, names, captured));
            ExecTarget where = group.get(0).target();
            tasks.add(() -> {
                Map<S, Outcome> out = new LinkedHashMap<>();
                BatchRunner.Open<?> kept = open.remove(where);
                (kept != null ? runner.resume(kept, where, items) : runner.run(where, items))
                        .forEach((run, outcome) -> out.put(origin.get(run), outcome));
                return out;
            });
        }
        if (failFast == null) {
            List<Future<Map<S, Outcome>>> futures = tasks.stream().map(pool::submit).toList();
            futures.forEach(f -> outcomes.putAll(get(f)));
            return outcomes;
        }
        for (int g = 0; g < groups.size(); g++) {
            if (failFast.before(origin.get(groups.get(g).get(0)), outcomes)) break;
            outcomes.putAll(get(pool.submit(tasks.get(g))));
        }
        return outcomes;
    }

    /**
     * The steps a daemon answers ({@link EngineOptions#daemons()}), and how: an ovn-trace daemon per zone, an
     * ovn-detrace daemon per node pod for the steps fed another's output. The first ask in a zone or pod may start its
     * daemon (seconds on a large database), so the zones and pods are asked in parallel.
     */
    private <S extends Step> Map<S, OvnTraceDaemons.Routed> routes(List<S> steps, java.util.Set<S> skip) {
        Map<S, OvnTraceDaemons.Routed> out = new java.util.IdentityHashMap<>();
        OvnTraceDaemons daemons = options.daemons();
        if (daemons == OvnTraceDaemons.NONE) return out;
        Map<String, List<S>> byDaemon = new LinkedHashMap<>();
        for (S s : steps) {
            if (!s.runnable() || skip.contains(s) || s.db() == null) continue;
            String key = s.reads() == null ? "zone " + s.db().zone() : "pod " + s.target().namespace() + "/" + s.target().pod();
            byDaemon.computeIfAbsent(key, z -> new ArrayList<>()).add(s);
        }
        List<Future<Map<S, OvnTraceDaemons.Routed>>> asked = byDaemon.values().stream().map(group -> pool.submit(() -> {
            Map<S, OvnTraceDaemons.Routed> m = new java.util.IdentityHashMap<>();
            for (S s : group) {
                (s.reads() == null ? daemons.route(s.target(), s.db(), s.command()) : daemons.routeFed(s.target(), s.db(), s.command()))
                        .ifPresent(r -> m.put(s, r));
            }
            return m;
        })).toList();
        asked.forEach(f -> out.putAll(get(f)));
        return out;
    }

    /**
     * A step that captures keeps its output in a variable for the step that reads it (ofproto/trace, ovn-detrace). A
     * reader whose producer is not among the steps run here (it ran in its node's survey, or this is the one-shot after
     * its daemon did not answer) gets the producer's name all the same: the survey's exec, kept open, still has it;
     * any other exec runs the producer again.
     */
    private static Item item(Step s, Map<Step, String> names, Map<? extends Step, String> captured) {
        if (s.capturesOutput()) return Item.captured(s.command(), names.get(s));
        if (s.reads() != null) {
            String from = names.computeIfAbsent(s.reads(), p -> captured.containsKey(p) ? captured.get(p) : "O" + names.size());
            String logged = s instanceof Routed r ? r.step().command() : s.command();
            return new Item(s.feeding(s.command()), null, from, s.reads().command(), logged).inBackground();
        }
        if (s instanceof Routed r) return Item.standingFor(r.command(), r.step().command());
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

    /** Ends the execs still open: their nodes had nothing more to run. */
    @Override
    public void close() {
        open.values().forEach(o -> o.paused().end());
        open.clear();
        pool.shutdownNow();
    }
}
