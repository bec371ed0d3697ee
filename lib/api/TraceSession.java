package ovntrace.lib.api;

import java.util.List;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.trace.DetraceDaemons;
import ovntrace.lib.trace.SessionDaemons;
import ovntrace.lib.trace.TraceDaemons;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;

/**
 * Many traces over one connection, as a matrix of them or a JShell session asks: each zone's ovn-trace steps go to
 * {@code ovn-trace --detach} daemons started in a node's pod on first use (one for upstream's plain traces, one per
 * conntrack state of ovntrace's connection checks), instead of a one-shot ovn-trace that reloads the whole
 * southbound database every time (seconds at 10k pods); each node pod's ovn-detrace steps go to one long-lived
 * ovn-detrace there, which loaded both databases once (15 s at 2,000 pods). Verdicts and outputs are the
 * one-shot's. Close it to stop the daemons: nothing stays in the pods (they also stop themselves after
 * {@link ovntrace.lib.trace.DaemonCommands#lifetime}).
 *
 * <pre>{@code
 * try (var s = ovn.session()) {
 *     s.trace("default/a").to("default/b").udp(53).run();
 *     TraceResult cell = s.result(request);      // a matrix cell: the verdicts, no report
 *     s.daemons();                              // per zone involved so far, one of each kind used
 * }
 * }</pre>
 */
public final class TraceSession implements AutoCloseable {

    private final Ovntrace ovn;
    private final SessionDaemons daemons;

    TraceSession(Ovntrace ovn, SessionDaemons daemons) {
        this.ovn = ovn;
        this.daemons = daemons;
    }

    /** Starts a trace from a pod, as {@link Ovntrace#trace}; its run goes through this session's daemons. */
    public TraceBuilder trace(String sourcePod) {
        return TraceBuilder.from(request -> ovn.run(request, daemons), PodRef.parse(sourcePod));
    }

    /** One trace's verdicts through the daemons, without a report: a fan-out matrix's cell runner. */
    public TraceResult result(TraceRequest request) {
        return ovn.result(request, daemons);
    }

    /** The daemons running, per zone traced so far one of each kind used (on a central cluster, one of each in all). */
    public List<TraceDaemons.Daemon> daemons() {
        return daemons.traces().daemons();
    }

    /** How many traces an ovn-trace daemon did not answer, so that the one-shot ovn-trace ran instead. */
    public int unanswered() {
        return daemons.traces().unanswered();
    }

    /** The ovn-detrace daemons running, one per node pod whose ovn-detrace steps ran so far. */
    public List<DetraceDaemons.Daemon> detraceDaemons() {
        return daemons.detraces().daemons();
    }

    /** How many ovn-detrace steps were asked of an ovn-detrace daemon. */
    public int detraceAsked() {
        return daemons.detraces().asked();
    }

    /** How many of those it did not answer, so that the one-shot ovn-detrace ran instead. */
    public int detraceUnanswered() {
        return daemons.detraces().unanswered();
    }

    /** How many of ovntrace's connection checks ({@code --ct}) a daemon answered. */
    public int ctAnswers() {
        return daemons.traces().ctAnswers();
    }

    @Override
    public String toString() {
        return "TraceSession[" + ovn + ", " + daemons.traces().daemons().size() + " ovn-trace daemon(s), "
                + daemons.detraces().daemons().size() + " ovn-detrace daemon(s)]";
    }

    /** Stops the daemons, one exec per pod that has one. */
    @Override
    public void close() {
        daemons.close();
    }
}
