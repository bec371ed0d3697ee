package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnPod;

/**
 * Application pods: running, with {@code status.podIPs}, and (unless host-network) the
 * {@code k8s.ovn.org/pod-networks} annotation ovnkube-controller writes when it allocates the pod's address. On a
 * dual-stack cluster both carry the IPv6 address after the IPv4 one, as ovn-kubernetes orders them
 * (go-controller/pkg/util/pod_annotation.go {@code MarshalPodAnnotation}: {@code ip_addresses}, {@code gateway_ips},
 * a route to the join subnet per family; {@code ip_address}/{@code gateway_ip} keep the first for old readers).
 */
final class PodObjects {

    private static final String STARTED = "2025-01-01T00:00:00Z";

    private PodObjects() {}

    static Pod pod(Topology topology, PodSpec p) {
        NodeSpec node = topology.node(p.node());
        String containerName = containerName(p);
        Container container = new ContainerBuilder().withName(containerName)
                .withImage("docker.io/library/" + containerName + ":latest")
                .withPorts(p.ports().stream().map(port -> new ContainerPortBuilder()
                        .withName(port.name().isEmpty() ? null : port.name()).withContainerPort(port.containerPort())
                        .withProtocol(port.protocol().name()).build()).toList())
                .build();
        Map<String, String> annotations = new LinkedHashMap<>();
        java.util.Optional<UdnPod> udn = topology.udnPods().stream().filter(u -> u.pod().equals(p)).findFirst();
        if (udn.isPresent()) {
            // Its primary network is the UDN; status.podIPs keeps the default-network address, as on a real cluster.
            UdnPod u = udn.get();
            annotations.put("k8s.ovn.org/pod-networks", Json.of(UdnObjects.podNetworks(u.network(), p, node, u.ip(),
                    u.tunnelKey())));
        } else if (!p.hostNetwork()) {
            annotations.put("k8s.ovn.org/pod-networks", Json.of(Map.of("default", podNetwork(p, node))));
        }
        return new PodBuilder()
                .withNewMetadata().withName(p.name()).withNamespace(p.namespace()).withUid(p.uid())
                    .withLabels(p.labels()).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(p.node()).withHostNetwork(p.hostNetwork()).withContainers(container)
                    .endSpec()
                .withStatus(runningStatus(p.ips(), hostIps(topology, node), List.of(container)))
                .build();
    }

    /** The {@code "default"} entry of {@code k8s.ovn.org/pod-networks}, as ovn-kubernetes marshals it. */
    static Map<String, Object> podNetwork(PodSpec p, NodeSpec node) {
        Map<String, Object> n = new LinkedHashMap<>();
        List<String> ips = p.ips().stream().map(node::withSubnetLength).toList();
        List<String> gateways = p.ips().stream().map(ip -> ip.contains(":") ? node.gatewayIp6() : node.gatewayIp()).toList();
        n.put("ip_addresses", ips);
        n.put("mac_address", p.mac());
        n.put("gateway_ips", gateways);
        n.put("routes", p.ips().stream().map(ip -> ip.contains(":")
                ? Map.of("dest", Addressing.JOIN_CIDR6, "nextHop", node.gatewayIp6())
                : Map.of("dest", Addressing.JOIN_CIDR, "nextHop", node.gatewayIp())).toList());
        n.put("ip_address", ips.get(0));
        n.put("gateway_ip", gateways.get(0));
        n.put("role", "primary");
        return n;
    }

    /** The node's addresses, IPv4 first: a host-network pod's {@code podIPs} and every pod's {@code hostIPs}. */
    static List<String> hostIps(Topology topology, NodeSpec node) {
        return topology.perFamily(node.nodeIp(), node.nodeIp6());
    }

    static PodStatus runningStatus(List<String> podIps, List<String> hostIps, List<Container> containers) {
        List<ContainerStatus> statuses = containers.stream().map(c -> new ContainerStatusBuilder()
                .withName(c.getName()).withImage(c.getImage()).withReady(true).withStarted(true).withRestartCount(0)
                .withNewState().withNewRunning(STARTED).endState().build()).toList();
        PodStatusBuilder status = new PodStatusBuilder().withPhase("Running").withPodIP(podIps.get(0))
                .withHostIP(hostIps.get(0));
        podIps.forEach(status::addNewPodIP);
        hostIps.forEach(status::addNewHostIP);
        return status.withStartTime(STARTED)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
                .withContainerStatuses(statuses).build();
    }

    /** A plausible container name: the app label if there is one, else the pod name without its hash suffixes. */
    private static String containerName(PodSpec p) {
        for (String key : List.of("app", "k8s-app", "component", "app.kubernetes.io/name")) {
            String v = p.labels().get(key);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        String[] parts = p.name().split("-");
        return parts.length > 2 ? String.join("-", List.of(parts).subList(0, parts.length - 2)) : parts[0];
    }
}
