package ovntrace.lib.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.TraceLog;

/**
 * Stopping a session's daemons: one exec per pod, every pod at once. On Ctrl-C the run has a few seconds before the
 * JVM exits ({@code Interruption}); stopping the daemons of twenty node pods one pod after another took longer than
 * that on a 4,000-pod cluster, and the JVM exited with most of them still running (until their watchdogs, an hour
 * later at {@code --timeout 900}).
 */
final class DaemonStops {

    /** Pods stopped at once: enough for a large cluster's nodes in a round or two, few enough for one API server. */
    static final int AT_ONCE = 16;

    private DaemonStops() {}

    /**
     * How a stop command ends, once it has asked the daemon in {@code $D} (pid {@code $P}) to go: waits up to two
     * seconds for its process to end, kills it if it did not, removes the directory.
     */
    static final String END = "i=0;while [ -n \"$P\" ]&&kill -0 $P 2>/dev/null&&[ $i -lt 20 ];do sleep 0.1;i=$((i+1));done\n"
            + "[ -n \"$P\" ]&&kill -0 $P 2>/dev/null&&kill -9 $P\nrm -rf $D";

    /**
     * Runs each pod's stop commands ({@code stop} of each directory, in a subshell each) in one exec per pod, the
     * pods in parallel; returns the number of execs. {@code what} names the daemons in the log ("ovn-trace").
     */
    static <D> int stopAll(PodExec exec, List<D> daemons, Function<D, ExecTarget> where, Function<D, String> stop,
                           Duration timeout, Duration lifetime, TraceLog log, String what) {
        Map<ExecTarget, List<String>> byPod = new LinkedHashMap<>();
        for (D d : daemons) byPod.computeIfAbsent(where.apply(d), w -> new ArrayList<>()).add("(" + stop.apply(d) + ")");
        if (byPod.isEmpty()) return 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, byPod.size()), r -> {
            Thread t = new Thread(r, "ovntrace-daemon-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> stopping = new ArrayList<>();
            byPod.forEach((pod, stops) -> stopping.add(pool.submit(() -> stop(exec, pod, stops, timeout, lifetime, log, what))));
            for (Future<?> f : stopping) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    log.log(1, "Could not stop " + what + " daemons: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
        }
        return byPod.size();
    }

    private static void stop(PodExec exec, ExecTarget pod, List<String> stops, Duration timeout, Duration lifetime, TraceLog log, String what) {
        try {
            ExecResult r = exec.exec(pod, String.join("\n", stops), timeout);
            if (!r.ok()) log.log(1, "Stopping " + what + " daemons in pod " + pod.pod() + " ended with exit code " + r.exitCode());
        } catch (PodExec.ExecException e) {
            log.log(1, "Could not stop the " + what + " daemons in pod " + pod.pod() + " (they stop themselves within "
                    + lifetime.toMinutes() + " minutes): " + e.getMessage());
        }
    }
}
