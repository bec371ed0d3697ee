package ovntrace.report;

/**
 * One end of the trace: {@code kind} is {@code pod}, {@code host-network-pod} or {@code external-ip};
 * {@code display} is {@code ns/name} for pods and the address for an IP. Unknown values are empty strings.
 */
public record ReportEndpoint(String kind, String display, String namespace, String name, String node, String zone,
                             String ip, String mac, String ovsInterface, String ofport) {}
