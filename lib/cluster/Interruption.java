package ovntrace.lib.cluster;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does during a run: stop the commands in the node pods at once (closing their exec
 * streams ends them on the nodes), give the run a few seconds to print what it has and write its report, and make
 * sure the streams are closed before the JVM exits (with 130 or 143). Without it the JVM would exit mid-line and a
 * kubelet would let the node-side commands run on until their deadline.
 */
public final class Interruption implements AutoCloseable {

    /** What can be stopped: {@link KubePodExec}. */
    public interface Stoppable {
        /** Stops what runs and refuses anything new; must not block for long. */
        void cancel();

        /** Waits up to {@code limit} for the stopping to be done. */
        void awaitStopped(Duration limit);
    }

    /** How long a stopping run may take to print and write its report once the commands are stopped. */
    static final long WIND_DOWN_SECONDS = 5;
    /** How long the exec streams may then still take to close. */
    static final Duration STOP = Duration.ofSeconds(3);

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean happened;

    private Interruption(Stoppable work, Runnable onGiveUp) {
        this.hook = new Thread(() -> {
            happened = true;
            // cancelling closes network streams, which may block; the run notices the flag on its own anyway
            Thread stop = new Thread(work::cancel, "ovntrace-stop");
            stop.setDaemon(true);
            stop.start();
            try {
                if (!finished.await(WIND_DOWN_SECONDS, TimeUnit.SECONDS)) onGiveUp.run();
                stop.join(STOP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the run has let go of its streams by now: they must be closed before the JVM takes them down unsent
            work.awaitStopped(STOP);
        }, "ovntrace-interrupt");
    }

    /**
     * Watches for SIGINT/SIGTERM until {@link #close()}: stops {@code work} at once, and calls {@code onGiveUp} if
     * the run has not finished its output in time (so that the user still learns what happened).
     */
    public static Interruption onSignal(Stoppable work, Runnable onGiveUp) {
        Interruption i = new Interruption(work, onGiveUp);
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
