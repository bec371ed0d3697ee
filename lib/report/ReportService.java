package ovntrace.report;

/** A Service target: ClusterIP and port, and the backend ({@code ns/pod}) the trace was steered to. */
public record ReportService(String namespace, String name, String clusterIp, int port, String backend,
                            int backendPort) {}
