package ovntrace.lib;

/**
 * One trace as the user asked for it, already validated: names are Kubernetes names, the port is 1..65535,
 * an IP target is a literal address.
 */
public record TraceRequest(PodRef source, Target target, Protocol protocol, int dstPort, AddressFamily family,
                           boolean skipDetrace, boolean failFast) {}
