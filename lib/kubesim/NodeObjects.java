package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.Topology;

/**
 * Nodes with the annotations ovnkube publishes on them, and each node's ovnkube-node pod. Annotation values
 * follow ovn-kubernetes' JSON shapes (keyed by network name, {@code "default"} for the cluster network).
 */
final class NodeObjects {

    private static final String IMAGE = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:master";

    private NodeObjects() {}

    static Node node(Topology topology, NodeSpec n) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", n.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        if (n.name().endsWith("control-plane")) {
            labels.put("node-role.kubernetes.io/control-plane", "");
        }
        String nodeCidr = n.nodeIp() + "/16";
        Map<String, String> a = new LinkedHashMap<>();
        a.put("k8s.ovn.org/l3-gateway-config", Json.of(Map.of("default", gatewayConfig(n))));
        a.put("k8s.ovn.org/node-subnets", Json.of(Map.of("default", List.of(n.subnet()))));
        a.put("k8s.ovn.org/zone-name", topology.mode() == ClusterMode.IC ? n.name() : "global");
        a.put("k8s.ovn.org/network-ids", Json.of(networkIds(n)));
        a.put("k8s.ovn.org/node-id", Integer.toString(n.nodeId()));
        a.put("k8s.ovn.org/node-chassis-id", n.name());
        a.put("k8s.ovn.org/node-primary-ifaddr", Json.of(Map.of("ipv4", nodeCidr)));
        a.put("k8s.ovn.org/host-cidrs", Json.of(List.of(nodeCidr)));
        a.put("k8s.ovn.org/node-gateway-router-lrp-ifaddr", Json.of(Map.of("ipv4", n.joinIp() + "/16")));
        a.put("k8s.ovn.org/node-mgmt-port-mac-address", n.managementMac());
        a.put("k8s.ovn.org/node-encap-ips", Json.of(List.of(n.encapIp())));
        if (topology.mode() == ClusterMode.IC) {
            a.put("k8s.ovn.org/node-transit-switch-port-ifaddr", Json.of(Map.of("ipv4", n.transitIp() + "/16")));
        }
        return new NodeBuilder()
                .withNewMetadata().withName(n.name()).withUid(Uids.of("node", n.name())).withLabels(labels)
                    .withAnnotations(a).endMetadata()
                .withNewSpec().withPodCIDR(n.subnet()).withPodCIDRs(n.subnet())
                    .withProviderID("kind://docker/ovn/" + n.name()).endSpec()
                .withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress(n.nodeIp()).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withMessage("kubelet is posting ready status").endCondition()
                    .withNewNodeInfo().withOperatingSystem("linux").withArchitecture("amd64")
                        .withKubeletVersion("v1.33.1").withContainerRuntimeVersion("containerd://2.1.1")
                        .withOsImage("Debian GNU/Linux 12 (bookworm)").endNodeInfo()
                .endStatus()
                .build();
    }

    private static Map<String, Object> gatewayConfig(NodeSpec n) {
        Map<String, Object> g = new TreeMap<>();
        g.put("mode", "shared");
        g.put("bridge-id", "breth0");
        g.put("interface-id", "breth0_" + n.name());
        g.put("mac-address", n.nodeMac());
        g.put("ip-addresses", List.of(n.nodeIp() + "/16"));
        g.put("ip-address", n.nodeIp() + "/16");
        g.put("next-hops", List.of(Addressing.NODE_NETWORK_GATEWAY));
        g.put("next-hop", Addressing.NODE_NETWORK_GATEWAY);
        g.put("node-port-enable", "true");
        g.put("vlan-id", "0");
        return g;
    }

    /** {@code {"default":"0","blue":"1",...}}: ovn-kubernetes writes the ids as strings. */
    private static Map<String, String> networkIds(NodeSpec n) {
        Map<String, String> ids = new TreeMap<>();
        ids.put("default", "0");
        n.networks().forEach((name, id) -> ids.put(name, Integer.toString(id)));
        return ids;
    }

    static Pod ovnkubePod(Topology topology, NodeSpec n) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", OvnkubePods.APP_LABEL);
        labels.put("name", OvnkubePods.APP_LABEL);
        labels.put("component", "network");
        labels.put("type", "infra");
        labels.put("kubernetes.io/os", "linux");
        if (topology.mode() == ClusterMode.IC) {
            labels.put("ovn-db-pod", "true");
        }
        List<Container> containers = OvnkubePods.containers(topology.mode()).stream()
                .map(c -> new ContainerBuilder().withName(c).withImage(IMAGE)
                        .withCommand("/root/ovnkube.sh", command(c)).build())
                .toList();
        String name = OvnkubePods.podName(n.name());
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(OvnkubePods.NAMESPACE)
                    .withUid(Uids.of("pod", OvnkubePods.NAMESPACE + "/" + name)).withLabels(labels)
                    .withGenerateName("ovnkube-node-").endMetadata()
                .withNewSpec().withNodeName(n.name()).withHostNetwork(true).withHostPID(true)
                    .withServiceAccountName("ovnkube-node").withContainers(containers).endSpec()
                .withStatus(PodObjects.runningStatus(n.nodeIp(), n.nodeIp(), containers))
                .build();
    }

    /** The ovnkube.sh entry point each container of the manifests runs. */
    private static String command(String container) {
        return switch (container) {
            case "nb-ovsdb" -> "local-nb-ovsdb";
            case "sb-ovsdb" -> "local-sb-ovsdb";
            case "ovn-northd" -> "run-ovn-northd";
            case "ovnkube-controller" -> "ovnkube-controller-with-node";
            case "ovnkube-node" -> "ovn-node";
            case "ovs-metrics-exporter" -> "ovs-metrics";
            default -> container;
        };
    }
}
