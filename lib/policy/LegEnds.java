package ovntrace.lib.policy;

import ovntrace.lib.trace.Endpoint;

/**
 * The pods at either end of a leg, by namespace and name (empty for an external address): a default deny isolates
 * the receiver for Ingress and the sender for Egress.
 */
record LegEnds(String senderNamespace, String sender, String receiverNamespace, String receiver) {

    static final LegEnds NONE = new LegEnds("", "", "", "");

    static LegEnds of(Endpoint sender, Endpoint receiver) {
        return new LegEnds(ns(sender), name(sender), ns(receiver), name(receiver));
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
