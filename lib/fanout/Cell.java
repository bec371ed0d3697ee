package ovntrace.lib.fanout;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * One trace of the matrix: the {@code row}-th source to the {@code column}-th destination, and the request that
 * traces it. A Service column that pins an endpoint traces exactly that backend. {@code ifNotPassed}, when present,
 * is the same trace with ovn-detrace, run instead of keeping the first one when that does not pass
 * ({@link MatrixSpec.Detrace#CELLS_NOT_PASSED}).
 */
public record Cell(int row, int column, Member source, Column destination, TraceRequest request,
                   Optional<TraceRequest> ifNotPassed) {

    public Cell(int row, int column, Member source, Column destination, TraceRequest request) {
        this(row, column, source, destination, request, Optional.empty());
    }

    /** {@code request} with ovn-detrace skipped. */
    static TraceRequest withoutDetrace(TraceRequest r) {
        return new TraceRequest(r.source(), r.target(), r.protocol(), r.dstPort(), r.family(), true, r.failFast());
    }

    /** A pod of the matrix and its node (null when the API did not say: the cell then holds no permit for it). */
    public record Member(PodRef pod, String node) {}

    /**
     * A destination: what the request targets, on which port, and the node the trace will exec on there; in a
     * dual-stack run also the family its column traces ({@link #inFamily}), empty when the run traces one family.
     */
    public record Column(String label, Target target, int port, String node, Optional<AddressFamily> family) {

        public Column(String label, Target target, int port, String node) {
            this(label, target, port, node, Optional.empty());
        }

        public static Column pod(Member pod, int port) {
            return new Column(pod.pod().toString(), new Target.Pod(pod.pod()), port, pod.node());
        }

        /** The same destination in one family of a dual-stack run: its own column, next to the other family's. */
        public Column inFamily(AddressFamily f) {
            return new Column(label, target, port, node, Optional.of(f));
        }

        /** "default/web:80", "default/web:80 IPv6" in a dual-stack run. */
        public String heading() {
            return label + ":" + port + family.map(f -> " " + f.label()).orElse("");
        }

        /** A Service; with {@code endpoint}, that backend only ("svc default/web → web-0"). */
        public static Column service(PodRef service, Member endpoint, int port) {
            return endpoint == null ? new Column("svc " + service, new Target.Service(service), port, null)
                    : new Column("svc " + service + " → " + endpoint.pod().name(), new Target.Service(service, endpoint.pod()),
                    port, endpoint.node());
        }

        public static Column ip(String address, int port) {
            return new Column(address, new Target.Ip(address), port, null);
        }
    }

    /** The nodes whose ovnkube-node pods this cell execs into, as far as known before it runs. */
    public Set<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        if (source.node() != null) nodes.add(source.node());
        if (destination.node() != null) nodes.add(destination.node());
        return nodes;
    }

    /** "default/a → svc default/web → web-0:80/TCP", "… :80/TCP IPv6" in a dual-stack run. */
    public String label() {
        return source.pod() + " → " + destination.label() + ":" + destination.port() + "/" + request.protocol().name()
                + destination.family().map(f -> " " + f.label()).orElse("");
    }

    /** A stable anchor for the cell's section in a report. */
    public String id() {
        return "cell-" + row + "-" + column;
    }
}
