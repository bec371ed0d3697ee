package ovntrace.lib.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.ScriptDelivery;
import ovntrace.lib.exec.BatchScript.Item;

/**
 * Runs a node's commands: all in one exec ({@link BatchScript}), or, when batching is off, each in its own exec in
 * order, as upstream does. Results come back by the caller's keys; a command without a result gets the reason.
 */
public final class BatchRunner {

    /** What running one command produced: its result, or why there is none. */
    public record Outcome(ExecResult result, String problem) {
        public static Outcome of(ExecResult r) {
            return new Outcome(r, "");
        }

        public static Outcome failed(String problem) {
            return new Outcome(null, problem);
        }
    }

    private final PodExec exec;
    private final EngineOptions options;

    public BatchRunner(PodExec exec, EngineOptions options) {
        this.exec = exec;
        this.options = options;
    }

    /** What the exec can reach: the survey and the plan leave out what an offline node cannot answer. */
    public NodeAccess access() {
        return exec.access();
    }

    public <K> Map<K, Outcome> run(ExecTarget t, Map<K, Item> items) {
        log(t, items, options.batch() ? "one exec" : "separate execs");
        return options.batch() ? batched(t, items) : oneByOne(t, items);
    }

    private void log(ExecTarget t, Map<?, Item> items, String how) {
        options.log().log(5, "Running " + items.size() + " command(s) in " + how + " inside container: namespace: " + t.namespace()
                + ", podName: " + t.pod() + ", containerName: " + t.container() + ", node: " + t.node() + describe(items));
    }

    private <K> Map<K, Outcome> batched(ExecTarget t, Map<K, Item> items) {
        Map<K, Outcome> out = new LinkedHashMap<>();
        for (List<K> chunk : chunks(t, items)) {
            Map<K, Item> part = new LinkedHashMap<>();
            chunk.forEach(k -> part.put(k, items.get(k)));
            out.putAll(runChunk(t, part));
        }
        Map<K, Outcome> ordered = new LinkedHashMap<>();
        items.keySet().forEach(k -> ordered.put(k, out.get(k)));
        return ordered;
    }

    /** Room for a command in an exec request line (4 KiB at some API servers): {@link ScriptDelivery#urlBudget}. */
    public static int budget(ExecTarget t) {
        return ScriptDelivery.urlBudget(t);
    }

    /**
     * Consecutive runs of items that fit in one call ({@link PodExec#maxScriptLength}: any batch over pods/exec,
     * which sends what a request line cannot hold over stdin); an ofproto/trace stays with the ovn-detrace that reads its
     * output (in the background or not), so the trace runs once. An in-shell item keeps every item after it in its
     * exec, since any of them may use its variables: such a batch may go over the limit rather than lose them. An
     * item too big on its own still gets its own exec.
     */
    public <K> List<List<K>> chunks(ExecTarget t, Map<K, Item> items) {
        List<List<K>> units = new ArrayList<>();
        java.util.Set<K> placed = new java.util.HashSet<>();
        for (Map.Entry<K, Item> e : items.entrySet()) {
            if (!placed.add(e.getKey())) continue;
            List<K> unit = new ArrayList<>(List.of(e.getKey()));
            String v = e.getValue().captureAs();
            boolean rest = e.getValue().inShell();
            items.forEach((k, i) -> {
                if ((rest || v != null && v.equals(i.feedFrom())) && placed.add(k)) unit.add(k);
            });
            units.add(unit);
        }
        int budget = exec.maxScriptLength(t);
        List<List<K>> chunks = new ArrayList<>();
        List<K> current = new ArrayList<>();
        for (List<K> unit : units) {
            List<K> candidate = new ArrayList<>(current);
            candidate.addAll(unit);
            if (!current.isEmpty() && BatchScript.encodedLength(script(items, candidate)) > budget) {
                chunks.add(current);
                current = new ArrayList<>(unit);
            } else {
                current = candidate;
            }
        }
        if (!current.isEmpty()) chunks.add(current);
        return chunks;
    }

    private static <K> String script(Map<K, Item> items, List<K> keys) {
        return new BatchScript(keys.stream().map(items::get).toList()).script();
    }

    /**
     * A node's exec left open after its items, waiting for one more batch ({@link #resume}); {@code outcomes}: its
     * items' outcomes, {@code captured}: the variables its items captured, still set there. Whoever holds one resumes
     * it or {@link PodExec.Paused#end ends} it.
     */
    public record Open<K>(Map<K, Outcome> outcomes, PodExec.Paused paused, java.util.Set<String> captured) {}

    /**
     * Runs {@code items} in one exec that then waits for one more batch: the node's next round without an exec of its
     * own. Null when it cannot (items run one by one, more than one exec's worth, or a PodExec that cannot keep an
     * exec open): nothing has run then.
     */
    public <K> Open<K> runPausing(ExecTarget t, Map<K, Item> items) {
        if (!options.batch() || chunks(t, items).size() != 1) return null;
        BatchScript script = new BatchScript(new ArrayList<>(items.values())).pausing();
        PodExec.Paused paused;
        try {
            paused = exec.execPausing(t, script.script(), options.timeout(), script.pause());
        } catch (PodExec.ExecException e) {
            log(t, items, "one exec");
            return new Open<>(outcomes(t, items, script, e.partial().orElse(new ExecResult(-1, "", "", Duration.ZERO)), e.getMessage()),
                    null, java.util.Set.of());
        }
        if (paused == null) return null;
        log(t, items, "one exec, kept open for the node's next round,");
        java.util.Set<String> captured = new java.util.HashSet<>();
        items.values().forEach(i -> {
            if (i.captureAs() != null) captured.add(i.captureAs());
        });
        return new Open<>(outcomes(t, items, script, paused.sofar(), ""), paused, captured);
    }

    /**
     * The next round's {@code items} in {@code open}'s exec, where what its items captured is still set; in an exec of
     * their own if that one has ended (a fed item then runs its producer again).
     */
    public <K> Map<K, Outcome> resume(Open<?> open, ExecTarget t, Map<K, Item> items) {
        BatchScript script = new BatchScript(new ArrayList<>(items.values())).following(open.captured());
        ExecResult whole;
        String failure = "";
        try {
            whole = open.paused().resume(script.script());
        } catch (PodExec.ExecException e) {
            whole = e.partial().orElse(new ExecResult(-1, "", "", Duration.ZERO));
            failure = e.getMessage();
        }
        if (whole == null) return run(t, items);
        log(t, items, "the open exec");
        return outcomes(t, items, script, whole, failure);
    }

    private <K> Map<K, Outcome> runChunk(ExecTarget t, Map<K, Item> items) {
        BatchScript script = new BatchScript(new ArrayList<>(items.values()));
        ExecResult whole;
        String failure = "";
        List<ExecResult> parts;
        int attempt = 0;
        while (true) {
            try {
                whole = exec.exec(t, script.script(), options.timeout());
                failure = "";
            } catch (PodExec.ExecException e) {
                whole = e.partial().orElse(new ExecResult(-1, "", "", Duration.ZERO));
                failure = e.getMessage();
            }
            parts = script.split(whole.stdout(), whole.stderr(), whole.duration());
            // The exec said the script ended well, yet its output stops before a command's end marker: the stream lost
            // its tail on the way (seen once under stress-ng in CI). Every command only reads, so one more run is safe.
            boolean cutShort = failure.isEmpty() && whole.exitCode() == 0 && parts.contains(null);
            if (!cutShort || attempt++ > 0) break;
            options.log().log(5, "The output of the exec in pod " + t.pod() + " ended before its last command's end marker"
                    + " although it exited 0; running it once more");
        }
        return outcomes(t, items, script, whole, failure);
    }

    /** Each item's outcome from the exec's output; an item without its end marker failed, with the reason. */
    private <K> Map<K, Outcome> outcomes(ExecTarget t, Map<K, Item> items, BatchScript script, ExecResult whole, String failure) {
        List<K> keys = new ArrayList<>(items.keySet());
        List<ExecResult> parts = script.split(whole.stdout(), whole.stderr(), whole.duration());
        Map<K, Outcome> out = new LinkedHashMap<>();
        boolean firstMissing = true;
        for (int i = 0; i < keys.size(); i++) {
            ExecResult r = parts.get(i);
            if (r != null) {
                out.put(keys.get(i), Outcome.of(r));
                continue;
            }
            String why = !failure.isEmpty() ? failure
                    : "exec in pod " + t.pod() + " ended with exit code " + whole.exitCode() + " before this command finished"
                    + preamble(script, whole);
            out.put(keys.get(i), Outcome.failed(firstMissing ? why : "not run: " + why));
            firstMissing = false;
        }
        return out;
    }

    private static String preamble(BatchScript script, ExecResult whole) {
        String err = script.preamble(whole.stderr());
        return err.isEmpty() ? "" : ": " + LookupParsers.firstLine(err, whole.exitCode());
    }

    /** Without batching nothing is shared: an in-shell item's variables do not reach the other execs. */
    private <K> Map<K, Outcome> oneByOne(ExecTarget t, Map<K, Item> items) {
        Map<K, Outcome> out = new LinkedHashMap<>();
        items.forEach((k, item) -> {
            String command = item.feedFrom() != null ? item.producer() + " | " + item.command() : item.command();
            try {
                out.put(k, Outcome.of(exec.exec(t, command, options.timeout())));
            } catch (PodExec.ExecException e) {
                out.put(k, Outcome.failed(e.getMessage()));
            }
        });
        return out;
    }

    private static String describe(Map<?, Item> items) {
        StringBuilder b = new StringBuilder();
        for (Item i : items.values()) {
            b.append("\n  cmd: ").append(i.background() ? "(in the background) " : "").append(i.inShell() ? "(in the shell) " : "")
                    .append(i.feedFrom() != null ? "(previous ofproto/trace output) | " : "").append(i.logged());
        }
        return b.toString();
    }
}
