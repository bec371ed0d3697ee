package ovntrace.lib.api;

import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.trace.TraceRequest;

/**
 * A trace being described, one fluent step at a time; every step returns a new builder, so a half-built trace can
 * be kept in a JShell variable and finished several ways. {@link #run()} validates with the command line's rules.
 */
public record TraceBuilder(Runner session, TraceOptions options) {

    /** What runs the finished request: a connection ({@link Ovntrace}) or a {@link TraceSession} and its daemons. */
    @FunctionalInterface
    public interface Runner {
        TraceRun run(TraceRequest request);
    }

    public static TraceBuilder from(Runner session, PodRef source) {
        TraceOptions d = TraceOptions.defaults();
        return new TraceBuilder(session, new TraceOptions(source.name(), source.namespace(), "", d.dstNamespace(), "", "",
                d.dstPort(), false, false, d.addrFamily(), false, false));
    }

    /** To a pod, {@code "namespace/name"} or {@code "name"} in namespace default. */
    public TraceBuilder to(String pod) {
        PodRef p = PodRef.parse(pod);
        return with(options.withTarget(p.name(), p.namespace(), "", ""));
    }

    /** To a Service's ClusterIP, {@code "namespace/name"}; the trace is steered to one of its endpoints. */
    public TraceBuilder toService(String service) {
        PodRef s = PodRef.parse(service);
        return with(options.withTarget("", s.namespace(), s.name(), ""));
    }

    /** To an address outside the cluster. */
    public TraceBuilder toIp(String address) {
        return with(options.withTarget("", options.dstNamespace(), "", address));
    }

    public TraceBuilder tcp(int port) {
        return with(options.withProtocol(true, false, Integer.toString(port)));
    }

    public TraceBuilder udp(int port) {
        return with(options.withProtocol(false, true, Integer.toString(port)));
    }

    /** Trace the pods' IPv6 addresses instead of IPv4. */
    public TraceBuilder ip6() {
        return with(options.withSwitches("ip6", options.skipDetrace(), options.failFast()));
    }

    public TraceBuilder skipDetrace() {
        return with(options.withSwitches(options.addrFamily(), true, options.failFast()));
    }

    /** Stop at the first step that does not match, as upstream ovnkube-trace does. */
    public TraceBuilder failFast() {
        return with(options.withSwitches(options.addrFamily(), options.skipDetrace(), true));
    }

    /** Validates (throws {@link TraceError} with the command line's message) and runs every step. */
    public TraceRun run() {
        return session.run(options.validate());
    }

    private TraceBuilder with(TraceOptions changed) {
        return new TraceBuilder(session, changed);
    }
}
