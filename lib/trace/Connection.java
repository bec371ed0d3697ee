package ovntrace.lib.trace;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/**
 * The connection a trace asks about, as conntrack sees it: the request's addresses and ports, the reply's (the
 * request's swapped, after NAT), and the translations each meets on the way. Every tool of one leg traces the same
 * tuple, so that ovn-trace, ofproto/trace and ovn-detrace describe one packet: the source port is always
 * {@link #SOURCE_PORT}, upstream's ovn-trace port (upstream's ofproto/trace steps keep their own 12345).
 *
 * @param requestNat what happens to the request on the way, e.g. the Service's DNAT to the backend
 * @param replyNat what conntrack undoes on the reply, e.g. the un-DNAT back to the ClusterIP
 */
public record Connection(Protocol protocol, Tuple request, Tuple reply, List<String> requestNat, List<String> replyNat) {

    public static final int SOURCE_PORT = 52888;

    /** One direction's addresses and ports as the packet leaves its sender. */
    public record Tuple(String srcIp, int srcPort, String dstIp, int dstPort) {

        public Tuple swapped() {
            return new Tuple(dstIp, dstPort, srcIp, srcPort);
        }

        /** {@code 10.244.0.3:52888 → 10.244.1.6:8080}, IPv6 addresses in brackets. */
        public String display() {
            return endpoint(srcIp, srcPort) + " → " + endpoint(dstIp, dstPort);
        }

        /** As {@link #display()}: what a jshell> user reads. */
        @Override
        public String toString() {
            return display();
        }
    }

    public Connection {
        requestNat = List.copyOf(requestNat);
        replyNat = List.copyOf(replyNat);
    }

    /** Pod to pod: no translation; the reply is the request swapped. */
    public static Connection toPod(Protocol p, String srcIp, String dstIp, int port) {
        Tuple request = new Tuple(srcIp, SOURCE_PORT, dstIp, port);
        return new Connection(p, request, request.swapped(), List.of(), List.of());
    }

    /**
     * Pod to a Service's ClusterIP: the load balancer DNATs the request to the backend; the reply leaves the backend
     * from its own address and conntrack un-DNATs it back to the ClusterIP before the client sees it.
     */
    public static Connection toService(Protocol p, String srcIp, ServiceInfo svc) {
        String vip = endpoint(svc.clusterIp(), svc.port()), backend = endpoint(svc.backend().ip(), svc.backendPort());
        Tuple request = new Tuple(srcIp, SOURCE_PORT, svc.clusterIp(), svc.port());
        Tuple reply = new Tuple(svc.backend().ip(), svc.backendPort(), srcIp, SOURCE_PORT);
        return new Connection(p, request, reply,
                List.of("DNAT " + vip + " → " + backend + " (load balancer of Service " + svc.namespace() + "/" + svc.name() + ")"),
                List.of("un-DNAT " + backend + " → " + vip + " (conntrack: reply of the load-balanced connection)"));
    }

    /**
     * Pod to an address outside the cluster: the gateway router SNATs the request to {@code snatIp} (empty when not
     * known, or when no SNAT applies); the reply comes back to that address and conntrack un-SNATs it to the pod.
     */
    public static Connection toIp(Protocol p, String srcIp, String dstIp, int port, String snatIp) {
        Tuple request = new Tuple(srcIp, SOURCE_PORT, dstIp, port);
        if (snatIp.isEmpty()) return new Connection(p, request, request.swapped(), List.of(), List.of());
        return new Connection(p, request, new Tuple(dstIp, port, snatIp, SOURCE_PORT),
                List.of("SNAT " + srcIp + " → " + snatIp + " (gateway router)"),
                List.of("un-SNAT " + snatIp + " → " + srcIp + " (conntrack: reply of the SNATed connection)"));
    }

    static String endpoint(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
