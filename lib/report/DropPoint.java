package ovntrace.report;

/**
 * Where and why a packet was dropped, as the {@code tool} that saw it reports it: the logical {@code datapath} (or OVS
 * bridge), {@code pipeline} ({@code ingress}/{@code egress}, empty for OpenFlow), {@code table}, {@code stage},
 * the flow's {@code match} and {@code priority}, the dropping {@code action} ({@code drop;}, {@code no match (implicit
 * drop)} ...), and the ACL when an ACL did it.
 */
public record DropPoint(String tool, String zone, String datapath, String pipeline, int table, String stage,
                        String match, int priority, String action, AclRef acl) {}
