package ovntrace.lib.trace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;

/**
 * {@code ovn-trace --detach} daemons for a series of traces, per zone one for upstream's plain ovn-traces and one per
 * conntrack state of ovntrace's connection checks ({@link DaemonCommands.Ask}): each started in the pod of the first
 * step that needs it, asked by every later such ovn-trace of that zone, stopped on {@link #close()} with one exec per
 * pod. Interconnect clusters have a zone, and a database, per node; a central cluster has one database that every
 * node's pod reaches, so its daemons serve all of its nodes from the pod where they started.
 *
 * <p>A daemon whose start fails runs its traces one-shot for the rest of the session; a trace a daemon does not
 * answer runs one-shot and the zone gets a new daemon of that kind, once ({@link #notAnswered}). A ct daemon's states
 * are used up across traces: it is replaced before a trace could find its list used up, and an answer that is not
 * the one-shot's ({@link ConntrackBudget#oneShots}) runs one-shot. Offline there are no node pods to keep a process
 * in, so nothing is routed.
 */
public final class TraceDaemons implements OvnTraceDaemons, AutoCloseable {

    /**
     * A running daemon: its zone, the conntrack state it gives at every ct step ({@code ct}; null for a plain daemon),
     * the pod it runs in, its private directory, when it started (nanoTime).
     */
    public record Daemon(String zone, ConnectionSteps.CtState ct, ExecTarget where, String directory, long startedNanos) {
        /** How the log names it: the zone, and the state of a ct daemon. */
        String name() {
            return ct == null ? zone : zone + " (" + ct.ovnTraceFlag() + ")";
        }
    }

    private final PodExec exec;
    private final Duration timeout;
    private final Duration lifetime;
    private final TraceLog log;
    private final DaemonTable<String, Daemon> zones;
    private final List<Daemon> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger execs = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger ctAnswers = new AtomicInteger();
    /** Each ct daemon's budget, by directory. */
    private final Map<String, ConntrackBudget> budgets = new ConcurrentHashMap<>();
    /** Answers that took more ct steps than their command's flags: the daemon is fine, the trace runs one-shot. */
    private final java.util.Set<Routed> beyondFlags = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final int ctStates;
    private volatile boolean closed;

    /** {@code timeout}: each exec's deadline, as the engine's; the daemons live at most {@link DaemonCommands#lifetime}. */
    public TraceDaemons(PodExec exec, Duration timeout, TraceLog log) {
        this(exec, timeout, log, ConntrackBudget.SIZE);
    }

    /** The same with ct daemons of {@code ctStates} states each (a test's small number shows their replacement). */
    public TraceDaemons(PodExec exec, Duration timeout, TraceLog log, int ctStates) {
        this.exec = exec;
        this.timeout = timeout;
        this.lifetime = DaemonCommands.lifetime(timeout);
        this.log = log;
        this.ctStates = ctStates;
        this.zones = new DaemonTable<>(Daemon::directory, Daemon::startedNanos, lifetime, timeout);
    }

    @Override
    public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
        if (closed || db == null || exec.access() != NodeAccess.LIVE) return Optional.empty();
        Optional<DaemonCommands.Ask> ask = DaemonCommands.ask(db, command);
        if (ask.isEmpty() || ask.get().flags() > ctStates) return Optional.empty();
        Optional<Daemon> running = daemon(where, db, ask.get());
        if (running.isEmpty()) return Optional.empty();
        Daemon d = running.get();
        return Optional.of(new Routed(d.where(), DaemonCommands.trace(db, command, d.directory(), timeout), d.directory(), ask.get().flags()));
    }

    /**
     * A plain daemon's answer is the one-shot's if it exited 0; a ct daemon's also needs {@link ConntrackBudget#oneShots},
     * and whatever it printed is charged to that daemon's budget. One that found the list used up (the budget missed
     * a step) is not answered as any other ({@link #notAnswered}); one that took more steps than its command has flags
     * says nothing against the daemon, which stays.
     */
    @Override
    public boolean answered(Routed route, ExecResult result) {
        boolean exited = OvnTraceDaemons.answered(result);
        if (route.ctStates() == 0) return exited;
        String out = exited ? result.stdout() : "";
        budgets.computeIfPresent(route.daemon(), (dir, b) -> b.settle(route.ctStates(), ConntrackBudget.steps(out)));
        if (exited && ConntrackBudget.oneShots(route.ctStates(), out)) {
            ctAnswers.incrementAndGet();
            return true;
        }
        if (!exited) return false;
        if (!ConntrackBudget.ranDry(out)) {
            synchronized (beyondFlags) {
                beyondFlags.add(route);
            }
            log.log(5, "A trace took " + ConntrackBudget.steps(out) + " ct steps, more than the " + route.ctStates()
                    + " states its command gives; running it one-shot");
        }
        return false;
    }

    /**
     * Its daemon did not answer a trace: the next ask of that kind in that zone starts a new one, once; a zone whose
     * second daemon of a kind fails too runs those traces one-shot from then on (a trace that crashes ovn-trace would
     * crash every new one). A trace that took more ct steps than its flags only runs one-shot.
     */
    @Override
    public void notAnswered(Routed route) {
        unanswered.incrementAndGet();
        synchronized (beyondFlags) {
            if (beyondFlags.remove(route)) return;
        }
        zones.gone(route.daemon(), (key, d, again) -> log.log(1, "The ovn-trace daemon for zone " + d.name() + " did not answer; "
                + (again ? "starting a new one for the next trace" : "its traces run one-shot from now on")));
    }

    /** How many traces a daemon did not answer (the one-shot ran instead). */
    public int unanswered() {
        return unanswered.get();
    }

    /** How many of ovntrace's connection checks ({@code --ct}) a ct daemon answered as the one-shot would. */
    public int ctAnswers() {
        return ctAnswers.get();
    }

    /** The daemons running now, per zone one of each kind asked. */
    public List<Daemon> daemons() {
        return zones.running();
    }

    /** Zones (and kinds) whose daemon could not start, and why: their traces run one-shot. */
    public Map<String, String> unavailable() {
        return zones.unavailable();
    }

    /** Exec calls made to start and stop daemons (a run's own count leaves them out). */
    public int execs() {
        return execs.get();
    }

    /**
     * The zone's daemon of {@code ask}'s kind, started now if there is none, the one there is near the end of its
     * life, or (a ct daemon) its states left might not cover the trace; the trace's states are then reserved.
     */
    private Optional<Daemon> daemon(ExecTarget where, DbAccess db, DaemonCommands.Ask ask) {
        String zone = db.mode() == ClusterMode.CENTRAL ? DbAccess.CENTRAL_ZONE : db.zone();
        String key = ask.plain() ? zone : zone + " " + ask.ct().ovnTraceFlag();
        // the old one keeps answering what was already asked of it, and stops on close
        return zones.daemon(key, d -> {
            boolean spent = !ask.plain() && !budgets.get(d.directory()).fits(ask.flags());
            if (spent) log.log(5, "The ovn-trace daemon for zone " + d.name() + " has too few ct states left; starting a new one");
            return spent;
        }, k -> start(zone, ask.ct(), where, db), d -> {
            if (!ask.plain()) budgets.computeIfPresent(d.directory(), (dir, b) -> b.reserve(ask.flags()));
        });
    }

    private DaemonTable.Started<Daemon> start(String zone, ConnectionSteps.CtState ct, ExecTarget where, DbAccess db) {
        String name = new Daemon(zone, ct, where, "", 0).name();
        log.log(5, "Starting an ovn-trace daemon for zone " + name + " in pod " + where.pod() + " (node " + where.node() + ")");
        execs.incrementAndGet();
        try {
            ExecResult r = exec.exec(where, ct == null ? DaemonCommands.start(db, lifetime) : DaemonCommands.start(db, lifetime, ct, ctStates), timeout);
            Optional<String> dir = DaemonCommands.directory(r.stdout());
            if (r.ok() && dir.isPresent()) {
                Daemon d = new Daemon(zone, ct, where, dir.get(), System.nanoTime());
                if (ct != null) budgets.put(d.directory(), ConntrackBudget.full(ctStates));
                started.add(d);
                log.log(5, "ovn-trace daemon for zone " + name + " listens at " + dir.get() + "/ctl");
                return DaemonTable.Started.running(d);
            }
            return unavailable(name, "the start command ended with exit code " + r.exitCode() + ": "
                    + LookupParsers.firstLine(r.stderr(), r.exitCode()));
        } catch (PodExec.ExecException e) {
            // a start cut off by the deadline may have left a daemon behind: its watchdog ends it
            return unavailable(name, e.getMessage());
        }
    }

    private DaemonTable.Started<Daemon> unavailable(String name, String why) {
        log.log(1, "No ovn-trace daemon for zone " + name + " (its traces run one-shot): " + why);
        return DaemonTable.Started.unavailable(why);
    }

    /** Stops every daemon this session started, one exec per pod, all pods at once ({@link DaemonStops}); one that cannot be reached stops itself later. */
    @Override
    public void close() {
        closed = true;
        execs.addAndGet(DaemonStops.stopAll(exec, started, Daemon::where, d -> DaemonCommands.stop(d.directory()), timeout, lifetime, log, "ovn-trace"));
        started.clear();
        zones.clear();
        budgets.clear();
    }
}
