package ovntrace.lib;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the run's phases on stderr, but only once it has taken longer than a second: a quick run stays as quiet as
 * upstream's, a slow one (a busy cluster, a long exec) says what it is waiting for.
 */
public final class Progress implements AutoCloseable {

    private static final long QUIET_MILLIS = 1000;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovntrace-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "";
    private String shown = "";
    private boolean closed;

    public Progress(PrintStream err) {
        this.err = err;
        timer.scheduleAtFixedRate(this::show, QUIET_MILLIS, 200, TimeUnit.MILLISECONDS);
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

    private synchronized void show() {
        String now = phase;
        if (closed) return;
        if (now.isEmpty() || now.equals(shown)) return;
        shown = now;
        err.printf("ovntrace: %s... (%.1f s)%n", now, elapsedMillis() / 1000.0);
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        timer.shutdownNow();
        if (!shown.isEmpty()) err.printf("ovntrace: done (%.1f s)%n", elapsedMillis() / 1000.0);
    }
}
