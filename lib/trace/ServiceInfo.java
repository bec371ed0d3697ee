package ovntrace.lib.trace;

/** A Service target: its ClusterIP and port, and the endpoint the trace was steered to ({@code --lb-dst}). */
public record ServiceInfo(String namespace, String name, String clusterIp, int port, Endpoint backend,
                          int backendPort) {}
