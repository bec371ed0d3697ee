package ovntrace.topology;

import java.util.List;
import ovntrace.lib.cluster.Protocol;

/** A ClusterIP Service; its endpoints are the pods of its namespace that {@code selector} selects. */
public record ServiceSpec(String namespace, String name, String clusterIp, Selector selector, List<Port> ports) {

    public ServiceSpec {
        ports = List.copyOf(ports);
    }

    public record Port(String name, Protocol protocol, int port, int targetPort) {}
}
