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

    /** The exit code of a run ended by SIGINT, as a shell reports it. */
    static final int INTERRUPTED = 130;

    private final Gathered gathered;
    private final OvsdbServers servers;
    private final OfflineClusterApi api;
    private final OfflinePodExec exec;
    private final Teardown teardown;

    private OfflineCluster(Gathered gathered, OvsdbServers servers, Teardown teardown) {
        this.gathered = gathered;
        this.servers = servers;
        this.teardown = teardown;
        this.api = new OfflineClusterApi(gathered.objects());
        Map<String, String> dirs = new LinkedHashMap<>();
        for (ZoneDatabases z : gathered.zones()) z.nodes().forEach(n -> dirs.put(n, servers.dir(z.zone())));
        this.exec = new OfflinePodExec(dirs, servers.root());
        teardown.serving(servers, exec);
    }

    /**
     * Reads {@code input} (a must-gather folder, its .tar.gz, or a folder of objects and databases) and serves its
     * databases. Bad input, missing tools and servers that will not start are a {@link TraceError} of one line (exit 1);
     * whatever was started by then is stopped and removed first.
     */
    public static OfflineCluster open(Path input, Consumer<String> phase) {
        Teardown teardown = new Teardown(WorkDir.create());
        try {
            phase.accept("reading the gathered cluster");
            Gathered gathered = OfflineReader.read(input, teardown.work);
            phase.accept("starting " + gathered.zones().size() * 2 + " zone databases");
            return new OfflineCluster(gathered, OvsdbServers.start(gathered), teardown);
        } catch (OfflineInputException | UncheckedIOException e) {
            teardown.close();
            throw teardown.interrupted() ? interrupted(e) : new TraceError(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            teardown.close();
            if (teardown.interrupted()) throw interrupted(e);
            throw e;
        }
    }

    /** Ctrl-C stopped the servers under a starting run: that, not the servers' exit, is what the user needs to read. */
    private static TraceError interrupted(Throwable cause) {
        return new TraceError("ovntrace: interrupted while opening the gathered cluster; its database servers were stopped"
                + " and the copies removed", INTERRUPTED, cause);
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
    public void close() {
        teardown.close();
    }

    /**
     * Everything an offline run starts or writes, undone once: by {@link #close()}, or by the JVM's shutdown (Ctrl-C,
     * SIGTERM) at any point from the first file written, even while the input is still being read or the main thread
     * is blocked writing the results. Without it an interrupted run would leave the database copies behind.
     */
    private static final class Teardown {
        private final Path work;
        private final Thread hook = new Thread(this::close, "ovntrace-offline-teardown");
        private volatile boolean interrupted;
        private OvsdbServers servers;
        private OfflinePodExec exec;
        private boolean done;

        Teardown(Path work) {
            this.work = work;
            Runtime.getRuntime().addShutdownHook(hook);
        }

        synchronized void serving(OvsdbServers s, OfflinePodExec e) {
            servers = s;
            exec = e;
        }

        /** Whether the JVM's shutdown (a signal) did the teardown. */
        boolean interrupted() {
            return interrupted;
        }

        synchronized void close() {
            if (Thread.currentThread() == hook) interrupted = true;
            if (done) return;
            done = true;
            try {
                if (exec != null) exec.cancel();
                if (servers != null) servers.close();
            } finally {
                WorkDir.delete(work);
                if (Thread.currentThread() != hook) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is exiting: the hook finds everything done
                    }
                }
            }
        }
    }
}
