package ovntrace.lib.cluster;

import java.time.Duration;

/**
 * How the engine runs, as opposed to what it traces ({@link ovntrace.lib.trace.TraceRequest}).
 *
 * @param ovnNamespace ovn-kubernetes namespace, blank to find it
 * @param mode interconnect or central; null to detect per node
 * @param timeout deadline of each exec call
 * @param parallelism how many exec calls may run at once
 * @param batch few execs per node (the lookups, then the steps, with ovn-detrace's pair in a lane of its own);
 *              false runs every command in its own exec, one after another, as upstream does (for comparison)
 * @param newConnectionChecks also trace each direction as a new connection, to catch NetworkPolicy drops
 * @param daemons where plain ovn-trace steps may be answered by a running {@code ovn-trace --detach} instead
 */
public record EngineOptions(String ovnNamespace, ClusterMode mode, Duration timeout, int parallelism, boolean batch,
                            boolean newConnectionChecks, TraceLog log, OvnTraceDaemons daemons) {

    public EngineOptions(String ovnNamespace, ClusterMode mode, Duration timeout, int parallelism, boolean batch,
                         boolean newConnectionChecks, TraceLog log) {
        this(ovnNamespace, mode, timeout, parallelism, batch, newConnectionChecks, log, OvnTraceDaemons.NONE);
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static EngineOptions defaults() {
        return new EngineOptions("", null, DEFAULT_TIMEOUT, 4, true, true, TraceLog.NONE);
    }

    public EngineOptions withLog(TraceLog l) {
        return new EngineOptions(ovnNamespace, mode, timeout, parallelism, batch, newConnectionChecks, l, daemons);
    }

    /** The same options for a cluster whose mode is known without asking the nodes (a must-gather says it). */
    public EngineOptions withMode(ClusterMode m) {
        return new EngineOptions(ovnNamespace, m, timeout, parallelism, batch, newConnectionChecks, log, daemons);
    }

    /** The same options with plain ovn-trace steps routed to {@code d}'s daemons (a session's repeated traces). */
    public EngineOptions withOvnTraceDaemons(OvnTraceDaemons d) {
        return new EngineOptions(ovnNamespace, mode, timeout, parallelism, batch, newConnectionChecks, log, d);
    }
}
