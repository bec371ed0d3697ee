package ovntrace.parse;

/**
 * How a trace shows that the packet went no further. The same drop reads differently across OVN versions: on 23.03
 * an ACL drop is a {@code drop;} action (ovn-trace) or an OpenFlow {@code drop} (ofproto/trace); from OVN 24 on the
 * ACL action stage clears its verdict registers and the pipeline simply ends, in both tools. Callers that only need
 * "where did it stop" must accept every kind.
 */
public enum DropKind {
    /** A drop action: ovn-trace's {@code drop;}, an OpenFlow {@code drop}. */
    DROP_ACTION,
    /** No flow matched: ovn-trace's "no match (implicit drop)", ofproto/trace's "No match.". */
    NO_MATCH,
    /**
     * The pipeline ends after this flow: nothing continues or outputs the packet. OVN 24+ ACL drops look like this,
     * as does an ACL that marks an established connection blocked ({@code ct_commit { ct_mark.blocked = 1; ... }}).
     */
    PIPELINE_ENDS;

    /** The trace printed a drop (action or table miss) rather than just stopping. */
    public boolean explicit() {
        return this != PIPELINE_ENDS;
    }
}
