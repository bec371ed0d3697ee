package ovntrace.lib.api;

import ovntrace.lib.cluster.PodRef;

/**
 * A matrix being described, fluently; each step returns a new builder. Sources and destinations are a pod or a label
 * selector in a namespace; {@link #run()} validates with the command line's rules and traces every cell.
 *
 * <pre>{@code
 * var m = ovn.matrix().from("shop", "app=front").toService("shop", "api").allEndpoints().tcp().run();
 * m.failed();   m.markdown();   m.save("matrix.html");
 * }</pre>
 */
public record MatrixBuilder(Ovntrace session, MatrixOptions options) {

    public static MatrixBuilder on(Ovntrace session) {
        return new MatrixBuilder(session, MatrixOptions.of(TraceOptions.defaults()));
    }

    /** Sources: the pods of {@code namespace} that {@code selector} selects ({@code "app=front,tier in (web)"}). */
    public MatrixBuilder from(String namespace, String selector) {
        TraceOptions t = options.trace();
        return new MatrixBuilder(session, options.with(new TraceOptions("", namespace, t.dst(), t.dstNamespace(), t.service(),
                t.dstIp(), t.dstPort(), t.tcp(), t.udp(), t.addrFamily(), t.skipDetrace(), false))
                .withSelectors(selector, options.dstSelector()));
    }

    /** One source pod, {@code "namespace/name"}. */
    public MatrixBuilder from(String pod) {
        PodRef p = PodRef.parse(pod);
        TraceOptions t = options.trace();
        return new MatrixBuilder(session, options.with(new TraceOptions(p.name(), p.namespace(), t.dst(), t.dstNamespace(), t.service(),
                t.dstIp(), t.dstPort(), t.tcp(), t.udp(), t.addrFamily(), t.skipDetrace(), false)).withSelectors("", options.dstSelector()));
    }

    /** Destinations: the pods of {@code namespace} that {@code selector} selects. */
    public MatrixBuilder to(String namespace, String selector) {
        return new MatrixBuilder(session, options.with(options.trace().withTarget("", namespace, "", ""))
                .withSelectors(options.srcSelector(), selector));
    }

    /** One destination pod, {@code "namespace/name"}. */
    public MatrixBuilder to(String pod) {
        PodRef p = PodRef.parse(pod);
        return new MatrixBuilder(session, options.with(options.trace().withTarget(p.name(), p.namespace(), "", ""))
                .withSelectors(options.srcSelector(), ""));
    }

    /** A Service: its chosen backend, or with {@link #allEndpoints()} every ready endpoint and port. */
    public MatrixBuilder toService(String namespace, String service) {
        return new MatrixBuilder(session, options.with(options.trace().withTarget("", namespace, service, ""))
                .withSelectors(options.srcSelector(), ""));
    }

    public MatrixBuilder allEndpoints() {
        return fanout(true, options.portGiven(), options.maxCells(), options.parallel(), options.perNode());
    }

    /** TCP on every Service port (with all endpoints), else on port 80. */
    public MatrixBuilder tcp() {
        return protocol(true, options.trace().dstPort(), false);
    }

    public MatrixBuilder tcp(int port) {
        return protocol(true, Integer.toString(port), true);
    }

    public MatrixBuilder udp() {
        return protocol(false, options.trace().dstPort(), false);
    }

    public MatrixBuilder udp(int port) {
        return protocol(false, Integer.toString(port), true);
    }

    public MatrixBuilder parallel(int cells) {
        return fanout(options.allEndpoints(), options.portGiven(), options.maxCells(), cells, options.perNode());
    }

    public MatrixBuilder perNode(int cells) {
        return fanout(options.allEndpoints(), options.portGiven(), options.maxCells(), options.parallel(), cells);
    }

    public MatrixBuilder maxCells(int cells) {
        return fanout(options.allEndpoints(), options.portGiven(), cells, options.parallel(), options.perNode());
    }

    /**
     * ovn-detrace in every cell; by default only a cell that does not pass is traced again with it (what it adds is
     * the attribution of a drop, and on a large cluster it is most of a cell's cost).
     */
    public MatrixBuilder detraceAll() {
        return new MatrixBuilder(session, options.withDetraceAll());
    }

    /** Trace IPv6 addresses instead of IPv4. */
    public MatrixBuilder ip6() {
        return family("ip6");
    }

    /** Both families of a dual-stack cluster: every pair traced twice, IPv4 and IPv6 side by side. */
    public MatrixBuilder dual() {
        return family(TraceOptions.DUAL);
    }

    private MatrixBuilder family(String family) {
        TraceOptions t = options.trace();
        return new MatrixBuilder(session, options.with(t.withSwitches(family, t.skipDetrace(), t.failFast())));
    }

    /** Validates (throws {@link ovntrace.lib.cluster.TraceError} with the command line's message) and traces every cell. */
    public MatrixRun run() {
        return session.run(options);
    }

    private MatrixBuilder protocol(boolean tcp, String port, boolean given) {
        return new MatrixBuilder(session, options.with(options.trace().withProtocol(tcp, !tcp, port))
                .withFanout(options.allEndpoints(), given, options.maxCells(), options.parallel(), options.perNode()));
    }

    private MatrixBuilder fanout(boolean allEndpoints, boolean portGiven, int maxCells, int parallel, int perNode) {
        return new MatrixBuilder(session, options.withFanout(allEndpoints, portGiven, maxCells, parallel, perNode));
    }
}
