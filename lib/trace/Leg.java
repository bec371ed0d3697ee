package ovntrace.lib.trace;

/**
 * The three ways ovntrace traces the packets of one connection between a source and a destination.
 * <ul>
 *   <li>{@link #REQUEST}: source to destination, a new connection: the traffic the user asked about, every tool
 *       tracing the same tuple ({@link Connection}).</li>
 *   <li>{@link #REPLY}: destination to source, addresses and ports swapped, as the established reply of that same
 *       connection (conntrack's reply direction), after NAT: what actually comes back.</li>
 *   <li>{@link #REVERSE_INITIATED}: destination to source as a connection the destination starts. This is what
 *       upstream's "destination pod to source pod" steps trace; it is a different question from the reply, and a
 *       namespace isolated for ingress rightly fails it while its own connections work.</li>
 *   <li>{@link #UPSTREAM_FORWARD}: upstream's "source pod to destination pod" steps, kept as upstream runs them
 *       (the drop-in layer): ovn-trace as an established packet, ofproto/trace from source port 12345, so not one
 *       tuple; they decide the exit code as upstream's do, and the report shows them apart from the request.</li>
 * </ul>
 */
public enum Leg {
    REQUEST("request"), REPLY("reply"), REVERSE_INITIATED("reverse-initiated"),
    UPSTREAM_FORWARD("upstream-forward");

    private final String id;

    Leg(String id) {
        this.id = id;
    }

    /** The name reports and JSON use. */
    public String id() {
        return id;
    }

    /** Whether the packets of this leg go from the source to the destination. */
    public boolean fromSource() {
        return this == REQUEST || this == UPSTREAM_FORWARD;
    }
}
