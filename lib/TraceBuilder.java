package ovntrace.lib;

/**
 * A trace being described, one fluent step at a time; every step returns a new builder, so a half-built trace can
 * be kept in a JShell variable and finished several ways. {@link #run()} validates with the command line's rules.
 */
public record TraceBuilder(Ovntrace session, TraceOptions options) {

    static TraceBuilder from(Ovntrace session, PodRef source) {
        TraceOptions d = TraceOptions.defaults();
        return new TraceBuilder(session, new TraceOptions(source.name(), source.namespace(), "", d.dstNamespace(), "", "",
                d.dstPort(), false, false, d.addrFamily(), false, false));
    }

    /** To a pod, {@code "namespace/name"} or {@code "name"} in namespace default. */
    public TraceBuilder to(String pod) {
        PodRef p = PodRef.parse(pod);
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), p.name(), p.namespace(), "", "", o.dstPort(), o.tcp(),
                o.udp(), o.addrFamily(), o.skipDetrace(), o.failFast()));
    }

    /** To a Service's ClusterIP, {@code "namespace/name"}; the trace is steered to one of its endpoints. */
    public TraceBuilder toService(String service) {
        PodRef s = PodRef.parse(service);
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), "", s.namespace(), s.name(), "", o.dstPort(), o.tcp(),
                o.udp(), o.addrFamily(), o.skipDetrace(), o.failFast()));
    }

    /** To an address outside the cluster. */
    public TraceBuilder toIp(String address) {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), "", o.dstNamespace(), "", address, o.dstPort(), o.tcp(),
                o.udp(), o.addrFamily(), o.skipDetrace(), o.failFast()));
    }

    public TraceBuilder tcp(int port) {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), o.dst(), o.dstNamespace(), o.service(), o.dstIp(),
                Integer.toString(port), true, false, o.addrFamily(), o.skipDetrace(), o.failFast()));
    }

    public TraceBuilder udp(int port) {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), o.dst(), o.dstNamespace(), o.service(), o.dstIp(),
                Integer.toString(port), false, true, o.addrFamily(), o.skipDetrace(), o.failFast()));
    }

    /** Trace the pods' IPv6 addresses instead of IPv4. */
    public TraceBuilder ip6() {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), o.dst(), o.dstNamespace(), o.service(), o.dstIp(),
                o.dstPort(), o.tcp(), o.udp(), "ip6", o.skipDetrace(), o.failFast()));
    }

    public TraceBuilder skipDetrace() {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), o.dst(), o.dstNamespace(), o.service(), o.dstIp(),
                o.dstPort(), o.tcp(), o.udp(), o.addrFamily(), true, o.failFast()));
    }

    /** Stop at the first step that does not match, as upstream ovnkube-trace does. */
    public TraceBuilder failFast() {
        return with(o -> new TraceOptions(o.src(), o.srcNamespace(), o.dst(), o.dstNamespace(), o.service(), o.dstIp(),
                o.dstPort(), o.tcp(), o.udp(), o.addrFamily(), o.skipDetrace(), true));
    }

    /** Validates (throws {@link TraceError} with the command line's message) and runs every step. */
    public TraceRun run() {
        return session.run(options.validate());
    }

    private TraceBuilder with(java.util.function.UnaryOperator<TraceOptions> change) {
        return new TraceBuilder(session, change.apply(options));
    }
}
