package ovntrace.lib.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * One {@code ovn-trace --detach} daemon per zone for a series of traces: started in the pod of the first step that
 * needs one, asked by every later plain ovn-trace of that zone, stopped on {@link #close()} with one exec per pod.
 * Interconnect clusters have a zone, and a database, per node; a central cluster has one database that every
 * node's pod reaches, so one daemon serves all of its nodes from the pod where it started.
 *
 * <p>A zone whose daemon does not start runs its traces one-shot for the rest of the session; a trace a daemon does
 * not answer runs one-shot and the zone gets a new daemon, once ({@link #notAnswered}). Offline there are no node
 * pods to keep a process in, so nothing is routed.
 */
public final class TraceDaemons implements OvnTraceDaemons, AutoCloseable {

    /** A running daemon: its zone, the pod it runs in, its private directory, when it started (nanoTime). */
    public record Daemon(String zone, ExecTarget where, String directory, long startedNanos) {}

    private sealed interface State {
        record Running(Daemon daemon) implements State {}

        record Unavailable(String why) implements State {}
    }

    private final PodExec exec;
    private final Duration timeout;
    private final Duration lifetime;
    private final TraceLog log;
    private final Map<String, State> zones = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final List<Daemon> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger execs = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final java.util.Set<String> restarted = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** {@code timeout}: each exec's deadline, as the engine's; the daemons live at most {@link DaemonCommands#lifetime}. */
    public TraceDaemons(PodExec exec, Duration timeout, TraceLog log) {
        this.exec = exec;
        this.timeout = timeout;
        this.lifetime = DaemonCommands.lifetime(timeout);
        this.log = log;
    }

    @Override
    public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
        if (closed || db == null || exec.access() != NodeAccess.LIVE || !DaemonCommands.plain(db, command)) return Optional.empty();
        if (!(daemon(where, db) instanceof State.Running r)) return Optional.empty();
        Daemon d = r.daemon();
        return Optional.of(new Routed(d.where(), DaemonCommands.trace(db, command, d.directory(), timeout), d.directory()));
    }

    /**
     * Its daemon did not answer a trace: the next ask in that zone starts a new one, once; a zone whose second
     * daemon fails too runs one-shot from then on (a trace that crashes ovn-trace would crash every new one).
     */
    @Override
    public void notAnswered(Routed route) {
        unanswered.incrementAndGet();
        zones.forEach((zone, s) -> {
            if (s instanceof State.Running r && r.daemon().directory().equals(route.daemon())) {
                synchronized (locks.get(zone)) {
                    if (zones.get(zone) != s) return;
                    boolean again = restarted.add(zone);
                    log.log(1, "The ovn-trace daemon for zone " + zone + " did not answer; "
                            + (again ? "starting a new one for the next trace" : "its traces run one-shot from now on"));
                    if (again) zones.remove(zone);
                    else zones.put(zone, new State.Unavailable("its daemon stopped answering twice"));
                }
            }
        });
    }

    /** How many traces a daemon did not answer (the one-shot ran instead). */
    public int unanswered() {
        return unanswered.get();
    }

    /** The daemons running now, one per zone. */
    public List<Daemon> daemons() {
        return zones.values().stream().filter(s -> s instanceof State.Running).map(s -> ((State.Running) s).daemon()).toList();
    }

    /** Zones whose daemon could not start, and why: their traces run one-shot. */
    public Map<String, String> unavailable() {
        Map<String, String> out = new LinkedHashMap<>();
        zones.forEach((z, s) -> {
            if (s instanceof State.Unavailable u) out.put(z, u.why());
        });
        return out;
    }

    /** Exec calls made to start and stop daemons (a run's own count leaves them out). */
    public int execs() {
        return execs.get();
    }

    /** The zone's daemon, started now if there is none or the one there is near the end of its life. */
    private State daemon(ExecTarget where, DbAccess db) {
        String zone = db.mode() == ClusterMode.CENTRAL ? DbAccess.CENTRAL_ZONE : db.zone();
        synchronized (locks.computeIfAbsent(zone, z -> new Object())) {
            State s = zones.get(zone);
            // its watchdog ends it at the lifetime: a new one before a trace could still be asking the old one
            boolean aging = s instanceof State.Running r
                    && System.nanoTime() - r.daemon().startedNanos() > lifetime.minus(timeout.multipliedBy(2)).toNanos();
            if (s == null || aging) {
                s = start(zone, where, db);
                zones.put(zone, s);
            }
            return s;
        }
    }

    private State start(String zone, ExecTarget where, DbAccess db) {
        log.log(5, "Starting an ovn-trace daemon for zone " + zone + " in pod " + where.pod() + " (node " + where.node() + ")");
        execs.incrementAndGet();
        try {
            ExecResult r = exec.exec(where, DaemonCommands.start(db, lifetime), timeout);
            Optional<String> dir = DaemonCommands.directory(r.stdout());
            if (r.ok() && dir.isPresent()) {
                Daemon d = new Daemon(zone, where, dir.get(), System.nanoTime());
                started.add(d);
                log.log(5, "ovn-trace daemon for zone " + zone + " listens at " + dir.get() + "/ctl");
                return new State.Running(d);
            }
            return unavailable(zone, "the start command ended with exit code " + r.exitCode() + ": "
                    + LookupParsers.firstLine(r.stderr(), r.exitCode()));
        } catch (PodExec.ExecException e) {
            // a start cut off by the deadline may have left a daemon behind: its watchdog ends it
            return unavailable(zone, e.getMessage());
        }
    }

    private State unavailable(String zone, String why) {
        log.log(1, "No ovn-trace daemon for zone " + zone + " (its traces run one-shot): " + why);
        return new State.Unavailable(why);
    }

    /** Stops every daemon this session started, one exec per pod; one that cannot be reached stops itself later. */
    @Override
    public void close() {
        closed = true;
        Map<ExecTarget, List<String>> byPod = new LinkedHashMap<>();
        for (Daemon d : started) byPod.computeIfAbsent(d.where(), w -> new ArrayList<>()).add("(" + DaemonCommands.stop(d.directory()) + ")");
        byPod.forEach((where, stops) -> {
            execs.incrementAndGet();
            try {
                ExecResult r = exec.exec(where, String.join("\n", stops), timeout);
                if (!r.ok()) log.log(1, "Stopping ovn-trace daemons in pod " + where.pod() + " ended with exit code " + r.exitCode());
            } catch (PodExec.ExecException e) {
                log.log(1, "Could not stop the ovn-trace daemons in pod " + where.pod() + " (they stop themselves within "
                        + lifetime.toMinutes() + " minutes): " + e.getMessage());
            }
        });
        started.clear();
        zones.clear();
    }
}
