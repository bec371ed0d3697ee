package ovntrace.lib.api;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import ovntrace.lib.cluster.TraceLog;

/**
 * Shows the run's phases on stderr, for a person watching a terminal: only when stderr is a terminal (or
 * {@code --progress} asks for it), and only once the run has taken longer than a second, so a quick run stays as
 * quiet as upstream's. A pipe, a file or a test never sees a progress line, whatever the machine's speed.
 */
public final class Progress implements AutoCloseable {

    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream err;
    private final LongSupplier clock;
    private final long start;
    private final ScheduledExecutorService timer;
    private volatile String phase = "";
    private String shown = "";
    private boolean closed;

    /** Progress on {@code err} if {@code wanted}; otherwise a display that never prints. */
    public static Progress on(PrintStream err, boolean wanted) {
        Progress p = new Progress(wanted ? err : null, System::nanoTime);
        if (wanted) p.timer.scheduleAtFixedRate(p::tick, 200, 200, TimeUnit.MILLISECONDS);
        return p;
    }

    /**
     * True when this process's stderr is a terminal. Java only tells whether stdin and stdout are
     * ({@code System.console()}), so on Linux look at what file descriptor 2 is.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** {@code err} null: never prints. The clock is injectable so tests need no sleeping. */
    public Progress(PrintStream err, LongSupplier clock) {
        this.err = err;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.timer = err == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ovntrace-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code inner} with this display listening to the phases. */
    public TraceLog around(TraceLog inner) {
        return new TraceLog() {
            @Override
            public void log(int level, String message) {
                inner.log(level, message);
            }

            @Override
            public boolean shows(int level) {
                return inner.shows(level);
            }

            @Override
            public void phase(String description) {
                phase = description;
            }
        };
    }

    /** Prints the current phase if the quiet second is over and it changed since the last line. */
    public synchronized void tick() {
        String now = phase;
        if (err == null || closed || now.isEmpty() || now.equals(shown) || elapsed() < QUIET_NANOS) return;
        shown = now;
        err.printf("ovntrace: %s... (%.1f s)%n", now, elapsed() / 1e9);
    }

    private long elapsed() {
        return clock.getAsLong() - start;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (timer != null) timer.shutdownNow();
        if (!shown.isEmpty()) err.printf("ovntrace: done (%.1f s)%n", elapsed() / 1e9);
    }
}
