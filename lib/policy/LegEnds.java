package ovntrace.lib.policy;

import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.policy.LegPolicy.PolicyRef;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Endpoint;

/**
 * The pods at either end of a leg, by namespace and name (empty for an external address): a default deny isolates
 * the receiver for Ingress and the sender for Egress. {@code tuple} and {@code protocol} (null and empty when not known)
 * say which peer and port the isolating policies' rules did not match.
 */
record LegEnds(String senderNamespace, String sender, String receiverNamespace, String receiver,
               Connection.Tuple tuple, String protocol) {

    static final LegEnds NONE = new LegEnds("", "", "", "", null, "");

    static LegEnds of(Endpoint sender, Endpoint receiver) {
        return new LegEnds(ns(sender), name(sender), ns(receiver), name(receiver), null, "");
    }

    static LegEnds of(String senderNamespace, String sender, String receiverNamespace, String receiver) {
        return new LegEnds(senderNamespace, sender, receiverNamespace, receiver, null, "");
    }

    LegEnds carrying(Connection.Tuple packet, Protocol p) {
        return new LegEnds(senderNamespace, sender, receiverNamespace, receiver, packet, p == null ? "" : p.name());
    }

    /** {@code "peer 10.244.0.3, TCP port 8080"}: the peer is the sender for Ingress, the receiver for Egress. */
    String peerAndPort(Direction direction) {
        if (tuple == null) return "this peer and port";
        String peer = direction == Direction.INGRESS ? tuple.srcIp() : tuple.dstIp();
        return "peer " + peer + ", " + (protocol.isEmpty() ? "" : protocol + " ") + "port " + tuple.dstPort();
    }

    /** The pod a {@code direction} default deny of {@code namespace} isolates on this leg, or null. */
    PolicyRef isolated(Direction direction, String namespace) {
        String ns = direction == Direction.INGRESS ? receiverNamespace : senderNamespace;
        String pod = direction == Direction.INGRESS ? receiver : sender;
        return pod.isEmpty() || !ns.equals(namespace) ? null : new PolicyRef(ns, pod);
    }

    private static String ns(Endpoint e) {
        return e == null || e.kind() == Endpoint.Kind.EXTERNAL_IP || e.namespace() == null ? "" : e.namespace();
    }

    private static String name(Endpoint e) {
        return e == null || e.kind() == Endpoint.Kind.EXTERNAL_IP || e.name() == null ? "" : e.name();
    }
}
