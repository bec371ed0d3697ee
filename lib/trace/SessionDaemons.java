package ovntrace.lib.trace;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;

/**
 * The daemons of a session or a matrix: one {@code ovn-trace --detach} per zone for the plain ovn-trace steps
 * ({@link TraceDaemons}) and one ovn-detrace per node pod for the ovn-detrace steps ({@link DetraceDaemons}). Each
 * answer is the one-shot's; close it to stop them all.
 */
public final class SessionDaemons implements OvnTraceDaemons, AutoCloseable {

    private final TraceDaemons traces;
    private final DetraceDaemons detraces;

    public SessionDaemons(PodExec exec, Duration timeout, TraceLog log) {
        this.traces = new TraceDaemons(exec, timeout, log);
        this.detraces = new DetraceDaemons(exec, timeout, log);
    }

    /** The ovn-trace daemons. */
    public TraceDaemons traces() {
        return traces;
    }

    /** The ovn-detrace daemons. */
    public DetraceDaemons detraces() {
        return detraces;
    }

    @Override
    public Optional<Routed> route(ExecTarget where, DbAccess db, String command) {
        return traces.route(where, db, command);
    }

    @Override
    public Optional<Routed> routeFed(ExecTarget where, DbAccess db, String command) {
        return detraces.route(where, db, command);
    }

    /** A ct daemon's answer counts only if its states held out ({@link TraceDaemons#answered}); the others by exit code. */
    @Override
    public boolean answered(Routed route, ExecResult result) {
        return DetraceCommands.owns(route.daemon()) ? OvnTraceDaemons.answered(result) : traces.answered(route, result);
    }

    @Override
    public void notAnswered(Routed route) {
        notAnswered(route, null);
    }

    @Override
    public void notAnswered(Routed route, ExecResult result) {
        if (DetraceCommands.owns(route.daemon())) detraces.notAnswered(route, result);
        else traces.notAnswered(route);
    }

    /** Stops both kinds at once: their stop execs go to the same pods. */
    @Override
    public void close() {
        CompletableFuture<Void> detraced = CompletableFuture.runAsync(detraces::close);
        try {
            traces.close();
        } finally {
            detraced.join();
        }
    }
}
