package ovntrace.lib.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.Fact;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.NodeFacts;
import ovntrace.lib.cluster.NodeLookup;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodInfo;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.ProcessProbe;
import ovntrace.lib.cluster.ShellVariables;
import ovntrace.lib.cluster.TraceLog;
import ovntrace.lib.exec.BatchRunner.Outcome;
import ovntrace.lib.exec.BatchScript.Item;

/**
 * Runs {@link NodeLookup}'s batch on one node: one exec, plus a second one only when the ovnkube process shows
 * database addresses other than the ones guessed from the node's annotations. Offline (the exec reaches only the
 * zone databases) there is no process to probe: the mode is the one the run was given, and one exec suffices.
 */
public final class NodeSurvey {

    /**
     * The node's facts and the OVS interface of each pod on it that was asked about; with commands planned ahead
     * ({@link Ahead}), what their variables held and what each of them gave, by key.
     */
    public record Result(NodeFacts facts, Map<PodRef, Fact<LookupParsers.Iface>> interfaces, Map<String, String> variables,
                         Map<String, Outcome> ahead) {
        public Result(NodeFacts facts, Map<PodRef, Fact<LookupParsers.Iface>> interfaces) {
            this(facts, interfaces, Map.of(), Map.of());
        }
    }

    /**
     * Commands planned before the lookups, to run in the same exec right after them: their facts are the shell
     * variables {@link NodeLookup#derive} sets, named with {@code prefix}.
     */
    public interface Ahead {
        String prefix();

        Map<String, Item> items();

        /** The variables its commands read, to print for the comparison with the facts. */
        java.util.Set<String> variables();
    }

    private final BatchRunner runner;
    private final TraceLog log;
    private final java.util.function.BiConsumer<PodExec.ExecTarget, BatchRunner.Open<?>> kept;

    NodeSurvey(BatchRunner runner, TraceLog log) {
        this(runner, log, null);
    }

    /**
     * {@code kept}: where an exec with commands planned ahead goes once its items are done, left open for the node's
     * next round ({@link BatchRunner#runPausing}); null: every exec ends with its items.
     */
    NodeSurvey(BatchRunner runner, TraceLog log, java.util.function.BiConsumer<PodExec.ExecTarget, BatchRunner.Open<?>> kept) {
        this.runner = runner;
        this.log = log;
        this.kept = kept;
    }

    Result survey(NodeLookup.Request r) {
        return survey(r, null);
    }

    /** The same, with {@code ahead}'s commands (null: none) in the lookups' exec. */
    Result survey(NodeLookup.Request r, Ahead ahead) {
        NodeAccess access = runner.access();
        if (access != NodeAccess.LIVE && r.modeOverride() == null) {
            // offline nothing shows whether the cluster is interconnect: the offline adapter reads it from the gather
            throw new IllegalStateException("node " + r.node() + ": an exec with access " + access
                    + " needs the cluster mode in EngineOptions.mode, as there is no ovnkube process to probe");
        }
        DbAccess guess = NodeLookup.guess(r);
        Map<String, ExecResult> out;
        Map<String, Outcome> aheadOut = new LinkedHashMap<>();
        try {
            out = ahead == null || access != NodeAccess.LIVE ? run(r, NodeLookup.commands(r, guess, access == NodeAccess.LIVE, access))
                    : runAhead(r, NodeLookup.commands(r, guess, true, access), ahead, aheadOut);
        } catch (Unreachable e) {
            log.log(5, "Node " + r.node() + ": " + e.getMessage());
            Map<PodRef, Fact<LookupParsers.Iface>> none = new LinkedHashMap<>();
            for (PodRef p : r.pods()) none.put(p, Fact.missing(e.getMessage()));
            return new Result(NodeFacts.unreachable(r.node(), r.where(), guess, e.getMessage(), access), none);
        }
        if (access != NodeAccess.LIVE) {
            log.log(5, "Node " + r.node() + ": " + access + ", mode " + guess.mode() + ", zone " + guess.zone());
            return result(r, guess, out, access, aheadOut);
        }
        ProcessProbe probe = ProcessProbe.parse(out.get(NodeLookup.PROBE));
        DbAccess db = DbAccess.decide(probe, r.annotations().get(Annotations.ZONE_NAME), r.node(), r.modeOverride());
        Map<String, String> redo = NodeLookup.redo(r, guess, db);
        if (!redo.isEmpty()) {
            log.log(5, "The ovnkube process on node " + r.node() + " uses other database addresses; looking up again");
            out.putAll(run(r, redo));
        }
        log.log(5, "Node " + r.node() + ": " + (probe.found() ? "ovnkube process found" : "no ovnkube process visible")
                + ", mode " + db.mode() + ", zone " + db.zone() + ", Nb address " + db.nbUri() + ", Sb address " + db.sbUri()
                + ", commands in " + (db.style() == DbAccess.Style.MASTER ? "master" : "release-1.3") + " style");
        return result(r, db, out, access, aheadOut);
    }

    private Result result(NodeLookup.Request r, DbAccess db, Map<String, ExecResult> out, NodeAccess access,
                          Map<String, Outcome> aheadOut) {
        NodeFacts facts = NodeLookup.facts(r, db, out, access);
        Map<PodRef, Fact<LookupParsers.Iface>> ifaces = new LinkedHashMap<>();
        for (PodRef p : r.pods()) ifaces.put(p, NodeLookup.iface(out, r.port(p), access));
        log.log(5, "Node " + r.node() + " facts: " + facts);
        ExecResult printed = out.get(VARIABLES);
        Map<String, String> variables = printed == null || !printed.ok() ? Map.of() : ShellVariables.parse(printed.stdout());
        return new Result(facts, ifaces, variables, aheadOut);
    }

    /** The key of the item that sets and prints the variables; no lookup key starts with a NUL. */
    private static final String VARIABLES = "\0variables", AHEAD = "\0ahead ";

    /**
     * One exec: the lookups, each output kept in a variable ({@code L0}, ...), the shell code that reads the facts
     * into {@code ahead}'s variables and prints them, then {@code ahead}'s commands. The lookups' results are what
     * they would be alone; the ahead commands' outcomes go to {@code aheadOut}.
     */
    private Map<String, ExecResult> runAhead(NodeLookup.Request r, Map<String, String> commands, Ahead ahead,
                                             Map<String, Outcome> aheadOut) {
        Map<String, Item> items = new LinkedHashMap<>();
        Map<String, String> captured = new LinkedHashMap<>();
        commands.forEach((k, c) -> {
            String v = "L" + captured.size();
            captured.put(k, v);
            items.put(k, Item.captured(c, v));
        });
        String derive = NodeLookup.derive(r, ahead.prefix(), captured);
        // an in-shell item keeps every later item in its exec (BatchRunner#chunks), so the steps always see the variables
        items.put(VARIABLES, Item.inShell(derive + ShellVariables.print(ahead.variables())));
        ahead.items().forEach((k, i) -> items.put(AHEAD + k, i));
        Map<String, ExecResult> out = new LinkedHashMap<>();
        Map<String, Outcome> results = null;
        BatchRunner.Open<String> open = kept == null ? null : runner.runPausing(r.where(), items);
        if (open != null) {
            results = reached(r, open.outcomes());
            if (open.paused() != null) kept.accept(r.where(), open);
        }
        if (results == null) results = exec(r, items);
        results.forEach((k, o) -> {
            if (k.startsWith(AHEAD)) aheadOut.put(k.substring(AHEAD.length()), o);
            else if (o.result() != null) out.put(k, o.result());
        });
        return out;
    }

    private Map<String, ExecResult> run(NodeLookup.Request r, Map<String, String> commands) {
        Map<String, Item> items = new LinkedHashMap<>();
        commands.forEach((k, c) -> items.put(k, Item.plain(c)));
        Map<String, ExecResult> out = new LinkedHashMap<>();
        exec(r, items).forEach((k, o) -> {
            if (o.result() != null) out.put(k, o.result());
        });
        return out;
    }

    /** Runs {@code items} in the node's pod; nothing at all coming back means the pod cannot be used. */
    private Map<String, Outcome> exec(NodeLookup.Request r, Map<String, Item> items) {
        return reached(r, runner.run(r.where(), items));
    }

    private static Map<String, Outcome> reached(NodeLookup.Request r, Map<String, Outcome> results) {
        if (results.values().stream().allMatch(o -> o.result() == null)) {
            // no later step can work around it
            throw new Unreachable("cannot run commands in pod " + r.where().namespace() + "/" + r.where().pod()
                    + " on node " + r.node() + ": " + results.values().iterator().next().problem());
        }
        return results;
    }

    /** Nothing came back from the node's pod: its steps cannot run, the other nodes' still can. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    public static List<PodRef> podsOn(String node, List<PodInfo> pods) {
        return pods.stream().filter(p -> p.node().equals(node) && !p.hostNetwork()).map(PodInfo::ref).distinct().toList();
    }
}
