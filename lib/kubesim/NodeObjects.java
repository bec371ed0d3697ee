package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
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
import ovntrace.topology.UdnSpec;

/**
 * Nodes with the annotations ovnkube publishes on them, and each node's ovnkube-node pod. Annotation values
 * follow ovn-kubernetes' JSON shapes (keyed by network name, {@code "default"} for the cluster network). On a
 * dual-stack cluster each address annotation carries the IPv6 value too: lists get it second, the
 * {@code {"ipv4":...}} objects an {@code "ipv6"} key (go-controller/pkg/util/node_annotations.go).
 */
final class NodeObjects {

    private static final String LAYER2_TUNNEL_IDS = "k8s.ovn.org/udn-layer2-node-gateway-router-lrp-tunnel-ids";
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
        String nodeCidr = n.nodeIp() + "/16", nodeCidr6 = n.nodeIp6() + "/64";
        List<String> subnets = topology.perFamily(n.subnet(), n.subnet6());
        Map<String, String> a = new LinkedHashMap<>();
        a.put("k8s.ovn.org/l3-gateway-config", Json.of(Map.of("default", gatewayConfig(topology, n))));
        Map<String, Object> nodeSubnets = new TreeMap<>(Map.of("default", subnets));
        Map<String, Object> lrpIfaddrs = new TreeMap<>();
        Map<String, Object> layer2TunnelIds = new TreeMap<>();
        for (UdnSpec u : topology.udns()) {
            // pkg/util/node_annotations.go: per-network maps keyed by network name; layer2 has no node subnet.
            Map<String, Object> e = UdnObjects.nodeEntries(u, n);
            if (e.containsKey("k8s.ovn.org/node-subnets")) {
                nodeSubnets.put(u.networkName(), e.get("k8s.ovn.org/node-subnets"));
            }
            lrpIfaddrs.put(u.networkName(), e.get("k8s.ovn.org/node-gateway-router-lrp-ifaddrs"));
            if (e.containsKey(LAYER2_TUNNEL_IDS)) {
                layer2TunnelIds.put(u.networkName(), e.get(LAYER2_TUNNEL_IDS));
            }
        }
        a.put("k8s.ovn.org/node-subnets", Json.of(nodeSubnets));
        a.put("k8s.ovn.org/zone-name", topology.mode() == ClusterMode.IC ? n.name() : "global");
        a.put("k8s.ovn.org/network-ids", Json.of(networkIds(n)));
        a.put("k8s.ovn.org/node-id", Integer.toString(n.nodeId()));
        a.put("k8s.ovn.org/node-chassis-id", n.name());
        a.put("k8s.ovn.org/node-primary-ifaddr", Json.of(families(topology, nodeCidr, nodeCidr6)));
        a.put("k8s.ovn.org/host-cidrs", Json.of(topology.perFamily(nodeCidr, nodeCidr6)));
        a.put("k8s.ovn.org/node-gateway-router-lrp-ifaddr",
                Json.of(families(topology, n.joinIp() + "/16", n.joinIp6() + "/64")));
        if (!lrpIfaddrs.isEmpty()) {
            lrpIfaddrs.put("default", families(topology, n.joinIp() + "/16", n.joinIp6() + "/64"));
            a.put("k8s.ovn.org/node-gateway-router-lrp-ifaddrs", Json.of(lrpIfaddrs));
        }
        if (!layer2TunnelIds.isEmpty()) {
            a.put(LAYER2_TUNNEL_IDS, Json.of(layer2TunnelIds));
        }
        a.put("k8s.ovn.org/node-mgmt-port-mac-address", n.managementMac());
        a.put("k8s.ovn.org/node-encap-ips", Json.of(List.of(n.encapIp())));
        if (topology.mode() == ClusterMode.IC) {
            a.put("k8s.ovn.org/node-transit-switch-port-ifaddr",
                    Json.of(families(topology, n.transitIp() + "/16", n.transitIp6() + "/64")));
        }
        List<String> internalIps = PodObjects.hostIps(topology, n);
        return new NodeBuilder()
                .withNewMetadata().withName(n.name()).withUid(Uids.of("node", n.name())).withLabels(labels)
                    .withAnnotations(a).endMetadata()
                .withNewSpec().withPodCIDR(subnets.get(0)).withPodCIDRs(subnets)
                    .withProviderID("kind://docker/ovn/" + n.name()).endSpec()
                .withNewStatus()
                    .withAddresses(internalIps.stream().map(ip -> new NodeAddressBuilder().withType("InternalIP")
                            .withAddress(ip).build()).toList())
                    .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withMessage("kubelet is posting ready status").endCondition()
                    .withNewNodeInfo().withOperatingSystem("linux").withArchitecture("amd64")
                        .withKubeletVersion("v1.33.1").withContainerRuntimeVersion("containerd://2.1.1")
                        .withOsImage("Debian GNU/Linux 12 (bookworm)").endNodeInfo()
                .endStatus()
                .build();
    }

    /** {@code {"ipv4":"...","ipv6":"..."}} with the keys of the cluster's families. */
    private static Map<String, String> families(Topology topology, String ipv4, String ipv6) {
        Map<String, String> m = new TreeMap<>();
        if (topology.hasIpv4()) {
            m.put("ipv4", ipv4);
        }
        if (topology.hasIpv6()) {
            m.put("ipv6", ipv6);
        }
        return m;
    }

    private static Map<String, Object> gatewayConfig(Topology topology, NodeSpec n) {
        Map<String, Object> g = new TreeMap<>();
        g.put("mode", "shared");
        g.put("bridge-id", "breth0");
        g.put("interface-id", "breth0_" + n.name());
        g.put("mac-address", n.nodeMac());
        List<String> addresses = topology.perFamily(n.nodeIp() + "/16", n.nodeIp6() + "/64");
        List<String> nextHops = topology.perFamily(Addressing.NODE_NETWORK_GATEWAY, Addressing.NODE_NETWORK_GATEWAY6);
        g.put("ip-addresses", addresses);
        g.put("ip-address", addresses.get(0));
        g.put("next-hops", nextHops);
        g.put("next-hop", nextHops.get(0));
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
                .withStatus(PodObjects.runningStatus(PodObjects.hostIps(topology, n), PodObjects.hostIps(topology, n),
                        containers))
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
