package ovntrace.topology;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/**
 * A ClusterIP Service; its endpoints are the pods of its namespace that {@code selector} selects. On a dual-stack
 * cluster it is {@code PreferDualStack} with {@code clusterIp6} as its second ClusterIP; on an IPv6-only cluster
 * {@code clusterIp} is null and {@code clusterIp6} its only one; on an IPv4 cluster {@code clusterIp6} is null.
 */
public record ServiceSpec(String namespace, String name, String clusterIp, Selector selector, List<Port> ports,
                          String clusterIp6) {

    public ServiceSpec {
        ports = List.copyOf(ports);
    }

    public ServiceSpec(String namespace, String name, String clusterIp, Selector selector, List<Port> ports) {
        this(namespace, name, clusterIp, selector, ports, null);
    }

    /** {@code spec.clusterIPs}: IPv4 first. */
    public List<String> clusterIps() {
        return clusterIp6 == null ? List.of(clusterIp) : clusterIp == null ? List.of(clusterIp6)
                : List.of(clusterIp, clusterIp6);
    }

    public record Port(String name, Protocol protocol, int port, int targetPort) {}
}
