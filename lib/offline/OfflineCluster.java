package ovntrace.lib.offline;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.TraceError;

/**
 * A gathered cluster made traceable: its objects behind a {@link ClusterApi}, its zones' databases served by private
 * ovsdb-servers, and a {@link #exec() PodExec} that runs the engine's node commands against them. The one entry point
 * of {@code ovntrace --offline}. Open it on the run's own thread (the servers die with the thread that started them if
 * the JVM is killed); close it when done: nothing of it runs or stays on disk afterwards.
 */
public final class OfflineCluster implements AutoCloseable {

    private final Gathered gathered;
    private final OvsdbServers servers;
    private final OfflineClusterApi api;
    private final OfflinePodExec exec;
    private boolean closed;

    private OfflineCluster(Gathered gathered, OvsdbServers servers) {
        this.gathered = gathered;
        this.servers = servers;
        this.api = new OfflineClusterApi(gathered.objects());
        Map<String, String> dirs = new LinkedHashMap<>();
        for (ZoneDatabases z : gathered.zones()) z.nodes().forEach(n -> dirs.put(n, servers.dir(z.zone())));
        this.exec = new OfflinePodExec(dirs, servers.root());
    }

    /**
     * Reads {@code input} (a must-gather folder, its .tar.gz, or a folder of objects and databases) and serves its
     * databases. Bad input, missing tools and servers that will not start are a {@link TraceError} of one line (exit 1);
     * whatever was started by then is stopped and removed first.
     */
    public static OfflineCluster open(Path input, Consumer<String> phase) {
        Gathered gathered = null;
        try {
            phase.accept("reading the gathered cluster");
            gathered = OfflineReader.read(input);
            phase.accept("starting " + gathered.zones().size() * 2 + " zone databases");
            return new OfflineCluster(gathered, OvsdbServers.start(gathered));
        } catch (OfflineInputException | UncheckedIOException e) {
            closeQuietly(gathered);
            throw new TraceError(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(gathered);
            throw e;
        }
    }

    public ClusterApi api() {
        return api;
    }

    /** The exec the engine runs node commands through; also what Ctrl-C stops. */
    public OfflinePodExec exec() {
        return exec;
    }

    /** Interconnect or central, as the gathered databases are laid out. */
    public ClusterMode mode() {
        return gathered.mode();
    }

    public Gathered gathered() {
        return gathered;
    }

    /** For tests: which processes and folders are ours. */
    OvsdbServers servers() {
        return servers;
    }

    /** The servers and the running commands first, then the copies; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        exec.cancel();
        try {
            servers.close();
        } finally {
            gathered.close();
        }
    }

    private static void closeQuietly(Gathered g) {
        if (g == null) return;
        try {
            g.close();
        } catch (RuntimeException e) {
            // the first error is the one to report
        }
    }
}
