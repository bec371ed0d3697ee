package ovntrace.lib.policy;

/**
 * The Northbound ACL behind a decision, as the report shows it: its row's name, direction, priority, match and
 * action when the row was found, else what the trace showed. {@code tier} is -1 when there is none (OVN 23.03).
 */
public record AclInfo(String name, String direction, int priority, int tier, String match, String action) {}
