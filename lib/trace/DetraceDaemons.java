package ovntrace.lib.trace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.LookupParsers;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.OvnTraceDaemons.Routed;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;

/**
 * One long-lived ovn-detrace per node pod and command for a series of traces ({@link DetraceCommands}): started by
 * the first ovn-detrace step of that pod, asked by every later one, stopped on {@link #close()} with one exec per pod.
 * Its command names the node's own Open vSwitch database, so each node has its own, in both cluster modes.
 *
 * <p>A pod whose daemon does not start runs its ovn-detrace one-shot for the rest of the session; a daemon that is
 * gone when asked is replaced, once ({@link #notAnswered}); one that was only busy stays.
 */
public final class DetraceDaemons implements AutoCloseable {

    /** A running daemon: the pod it runs in, the exact ovn-detrace it stands for, its directory, when it started. */
    public record Daemon(ExecTarget where, String command, String directory, long startedNanos) {}

    private record Key(ExecTarget where, String command) {}

    private final PodExec exec;
    private final Duration timeout;
    private final Duration lifetime;
    private final TraceLog log;
    private final DaemonTable<Key, Daemon> daemons;
    private final List<Daemon> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger execs = new AtomicInteger();
    /**
     * Starts that load one database server's contents go one at a time: ovn-detrace gives up when its first sync takes
     * over 10 s ("Retry Timeout", ovn-detrace.in), and at 4,000 pods one load takes 8 s alone on two cores, so twenty
     * nodes' daemons loading the central databases at once all gave up. An interconnect zone's server has one node.
     */
    private final Map<String, Object> loading = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code timeout}: each exec's deadline, as the engine's; the daemons live at most {@link DaemonCommands#lifetime}. */
    public DetraceDaemons(PodExec exec, Duration timeout, TraceLog log) {
        this.exec = exec;
        this.timeout = timeout;
        this.lifetime = DaemonCommands.lifetime(timeout);
        this.log = log;
        this.daemons = new DaemonTable<>(Daemon::directory, Daemon::startedNanos, lifetime, timeout);
    }

    /** How to run {@code command}, an ovn-detrace planned in {@code where}'s pod: its daemon's ask, there; else empty. */
    public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
        if (closed || exec.access() != NodeAccess.LIVE || !DetraceCommands.detrace(db, command)) return Optional.empty();
        Optional<Daemon> running = daemons.daemon(new Key(where, command), d -> false, key -> start(key, db), d -> { });
        if (running.isEmpty()) return Optional.empty();
        asked.incrementAndGet();
        Daemon d = running.get();
        return Optional.of(new Routed(d.where(), DetraceCommands.ask(d.directory(), timeout), d.directory()));
    }

    /**
     * Its daemon did not answer: a busy one ({@link DetraceCommands#BUSY}) stays; one gone is replaced at the next
     * ask, once; a pod whose second daemon goes too runs one-shot from then on.
     */
    public void notAnswered(Routed route, ExecResult result) {
        unanswered.incrementAndGet();
        if (result != null && result.exitCode() == DetraceCommands.BUSY) return;
        daemons.gone(route.daemon(), (key, d, again) -> log.log(1, "The ovn-detrace daemon in pod " + key.where().pod()
                + " did not answer; " + (again ? "starting a new one for the next trace" : "its traces run ovn-detrace one-shot from now on")));
    }

    /** How many ovn-detrace steps were routed to a daemon. */
    public int asked() {
        return asked.get();
    }

    /** How many of them a daemon did not answer (the one-shot ran instead). */
    public int unanswered() {
        return unanswered.get();
    }

    /** The daemons running now, one per node pod (and command). */
    public List<Daemon> daemons() {
        return daemons.running();
    }

    /** Exec calls made to start and stop daemons. */
    public int execs() {
        return execs.get();
    }

    private DaemonTable.Started<Daemon> start(Key key, DbAccess db) {
        ExecTarget where = key.where();
        log.log(5, "Starting an ovn-detrace daemon in pod " + where.pod() + " (node " + where.node() + ")");
        execs.incrementAndGet();
        String server = db.mode() == ClusterMode.CENTRAL ? DbAccess.CENTRAL_ZONE : db.zone();
        try {
            // loading the databases takes most of the exec's deadline at most, so a slow load fails cleanly
            ExecResult r;
            synchronized (loading.computeIfAbsent(server, z -> new Object())) {
                r = exec.exec(where, DetraceCommands.start(db, key.command(), lifetime, timeout.multipliedBy(2).dividedBy(3)), timeout);
            }
            Optional<String> dir = DetraceCommands.directory(r.stdout());
            if (r.ok() && dir.isPresent()) {
                Daemon d = new Daemon(where, key.command(), dir.get(), System.nanoTime());
                started.add(d);
                log.log(5, "ovn-detrace daemon in pod " + where.pod() + " reads " + dir.get() + "/in");
                return DaemonTable.Started.running(d);
            }
            return unavailable(where, "the start command ended with exit code " + r.exitCode() + ": "
                    + LookupParsers.firstLine(r.stderr(), r.exitCode()));
        } catch (PodExec.ExecException e) {
            // a start cut off by the deadline may have left a daemon behind: its watchdog ends it
            return unavailable(where, e.getMessage());
        }
    }

    private DaemonTable.Started<Daemon> unavailable(ExecTarget where, String why) {
        log.log(1, "No ovn-detrace daemon in pod " + where.pod() + " (its ovn-detrace runs one-shot): " + why);
        return DaemonTable.Started.unavailable(why);
    }

    /** Stops every daemon this session started, one exec per pod, all pods at once ({@link DaemonStops}); one that cannot be reached stops itself later. */
    @Override
    public void close() {
        closed = true;
        execs.addAndGet(DaemonStops.stopAll(exec, started, Daemon::where, d -> DetraceCommands.stop(d.directory()), timeout, lifetime, log, "ovn-detrace"));
        started.clear();
        daemons.clear();
    }
}
