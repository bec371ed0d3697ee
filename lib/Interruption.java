package ovntrace.lib;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does during a run: stop the commands in the node pods at once (the
 * {@code onStop} action closes the exec streams, which ends them on the nodes), then give the run a few seconds to
 * print what it has and write its report before the JVM exits with 130. Without it the JVM would exit mid-line and
 * a kubelet would let the node-side commands run on.
 */
public final class Interruption implements AutoCloseable {

    /** How long a stopping run may take to print and write its report once the commands are stopped. */
    static final long WIND_DOWN_SECONDS = 8;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean happened;

    private Interruption(Runnable onStop) {
        this.hook = new Thread(() -> {
            happened = true;
            // stopping closes network streams, which may block; the run notices the flag on its own anyway
            Thread stop = new Thread(onStop, "ovntrace-stop");
            stop.setDaemon(true);
            stop.start();
            try {
                finished.await(WIND_DOWN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ovntrace-interrupt");
    }

    /** Watches for SIGINT/SIGTERM until {@link #close()}. */
    public static Interruption onSignal(Runnable onStop) {
        Interruption i = new Interruption(onStop);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** Whether a signal arrived: the run's results are then partial. */
    public boolean happened() {
        return happened;
    }

    /** The run is done: a pending shutdown may go on, and later ones need not wait for this run. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and now sees the run finished
        }
    }
}
