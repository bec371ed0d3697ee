package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.topology.Addressing;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.UdnSpec;

/**
 * The Kubernetes side of a primary user-defined network, as ovn-kubernetes (github.com/ovn-org/ovn-kubernetes,
 * go-controller/) writes it: the {@code UserDefinedNetwork} or {@code ClusterUserDefinedNetwork} (k8s.ovn.org/v1,
 * {@code pkg/crd/userdefinednetwork/v1}), the NetworkAttachmentDefinition cluster-manager renders from it in each
 * namespace ({@code pkg/clustermanager/userdefinednetwork/template/net-attach-def-template.go}), the namespace label,
 * the pods' {@code k8s.ovn.org/pod-networks} entries ({@code pkg/util/pod_annotation.go} AddRoutesGatewayIP) and the
 * per-network entries of the node annotations ({@code pkg/util/node_annotations.go}).
 */
public final class UdnObjects {

    static final String GROUP_VERSION = "k8s.ovn.org/v1";
    static final String NAD_GROUP_VERSION = "k8s.cni.cncf.io/v1";
    /** template.LabelUserDefinedNetwork and FinalizerUserDefinedNetwork. */
    static final String NAD_LABEL = "k8s.ovn.org/user-defined-network";
    static final String FINALIZER = "k8s.ovn.org/user-defined-network-protection";
    /** The role of the default network's entry of a pod whose primary network is a UDN (types.NetworkRoleInfrastructure). */
    public static final String INFRASTRUCTURE_LOCKED = "infrastructure-locked";

    private UdnObjects() {}

    /** The UDN or CUDN object, with the status condition cluster-manager sets once its NADs exist. */
    public static GenericKubernetesResource network(UdnSpec u) {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("topology", u.topology().crd());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "Primary");
        config.put("subnets", u.topology() == UdnSpec.Layer.LAYER3
                ? List.of(Map.of("cidr", u.cidr(), "hostSubnet", u.hostSubnet())) : List.of(u.cidr()));
        network.put(u.topology() == UdnSpec.Layer.LAYER3 ? "layer3" : "layer2", config);
        boolean cluster = u.scope() == UdnSpec.Scope.CLUSTER;
        Map<String, Object> spec = network;
        String message = "NetworkAttachmentDefinition has been created";
        if (cluster) {
            spec = new LinkedHashMap<>();
            spec.put("namespaceSelector", Map.of("matchExpressions", List.of(Map.of(
                    "key", "kubernetes.io/metadata.name", "operator", "In", "values", u.namespaces()))));
            spec.put("network", network);
            message += " in following namespaces: [" + String.join(", ", u.namespaces()) + "]";
        }
        // Master's condition (test/e2e/network_segmentation.go); release-1.0 said NetworkReady/...Ready.
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "NetworkCreated");
        condition.put("status", "True");
        condition.put("reason", "NetworkAttachmentDefinitionCreated");
        condition.put("message", message);
        condition.put("lastTransitionTime", "2025-01-01T00:00:00Z");
        return new GenericKubernetesResourceBuilder().withApiVersion(GROUP_VERSION).withKind(u.scope().kind)
                .withNewMetadata().withName(u.name()).withNamespace(cluster ? null : u.namespaces().get(0))
                    .withUid(uid(u)).withGeneration(1L).withFinalizers(FINALIZER).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec, "status", Map.of("conditions", List.of(condition))))
                .build();
    }

    /** The NAD in {@code namespace}: named like the network, owned by it, its CNI config in {@code spec.config}. */
    public static GenericKubernetesResource nad(UdnSpec u, String namespace) {
        return new GenericKubernetesResourceBuilder().withApiVersion(NAD_GROUP_VERSION)
                .withKind("NetworkAttachmentDefinition")
                .withNewMetadata().withName(u.name()).withNamespace(namespace)
                    .withUid(Uids.of("network-attachment-definition", namespace + "/" + u.name()))
                    .withLabels(Map.of(NAD_LABEL, "")).withFinalizers(FINALIZER)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(GROUP_VERSION)
                            .withKind(u.scope().kind).withName(u.name()).withUid(uid(u)).withController(true)
                            .withBlockOwnerDeletion(true).build())
                    .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("config", Json.of(cniConfig(u, namespace)))))
                .build();
    }

    /**
     * renderCNINetworkConfig: Go marshals the map with its keys sorted. Layer3 subnets are written
     * {@code cidr/hostSubnet}; a primary network without joinSubnets gets both families' defaults.
     */
    public static Map<String, Object> cniConfig(UdnSpec u, String namespace) {
        Map<String, Object> c = new TreeMap<>();
        c.put("cniVersion", "1.0.0");
        c.put("type", "ovn-k8s-cni-overlay");
        c.put("name", u.networkName());
        c.put("netAttachDefName", u.nadName(namespace));
        c.put("topology", u.topology().ovn());
        c.put("role", u.role());
        c.put("joinSubnets", UdnSpec.JOIN_CIDR + ",fd99::/64");
        c.put("subnets", u.topology() == UdnSpec.Layer.LAYER3 ? u.cidr() + "/" + u.hostSubnet() : u.cidr());
        return c;
    }

    /** The label a namespace needs at creation to take a primary UDN (types.RequiredUDNNamespaceLabel). */
    public static Map<String, String> namespaceLabels() {
        return Map.of(UdnSpec.NAMESPACE_LABEL, "");
    }

    /**
     * A UDN pod's {@code k8s.ovn.org/pod-networks}: the default network's entry with role infrastructure-locked
     * (cluster and join routes, no gateway: the pod's default route is on the UDN) and the UDN's entry, keyed by the
     * NAD, with role primary, its gateway, and routes to the Service CIDR and the UDN join subnet (layer3 also to
     * the network's own subnet). A layer2 entry carries the pod's tunnel key. Keys sorted, as Go marshals a map.
     */
    public static Map<String, Object> podNetworks(UdnSpec u, PodSpec p, NodeSpec node, String udnIp, int tunnelKey) {
        Map<String, Object> all = new TreeMap<>();
        Map<String, Object> d = entry(p.ip() + "/24", p.mac(), null, List.of(
                route(Addressing.CLUSTER_CIDR, node.gatewayIp()), route(Addressing.JOIN_CIDR, node.gatewayIp())),
                0, INFRASTRUCTURE_LOCKED);
        all.put("default", d);
        String gw = u.gatewayIp(node.index());
        List<Map<String, String>> routes = u.topology() == UdnSpec.Layer.LAYER3
                ? List.of(route(u.cidr(), gw), route(Addressing.SERVICE_CIDR, gw), route(UdnSpec.JOIN_CIDR, gw))
                : List.of(route(Addressing.SERVICE_CIDR, gw), route(UdnSpec.JOIN_CIDR, gw));
        all.put(u.nadName(p.namespace()), entry(udnIp + "/" + u.nodePrefix(), Addressing.mac(udnIp), gw, routes,
                u.topology() == UdnSpec.Layer.LAYER2 ? tunnelKey : 0, u.role()));
        return all;
    }

    /** The field order of util.podAnnotation; empty fields are left out (omitempty). */
    private static Map<String, Object> entry(String ipCidr, String mac, String gateway, List<Map<String, String>> routes,
                                             int tunnelId, String role) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("ip_addresses", List.of(ipCidr));
        n.put("mac_address", mac);
        if (gateway != null) {
            n.put("gateway_ips", List.of(gateway));
        }
        n.put("routes", routes);
        n.put("ip_address", ipCidr);
        if (gateway != null) {
            n.put("gateway_ip", gateway);
        }
        if (tunnelId > 0) {
            n.put("tunnel_id", tunnelId);
        }
        n.put("role", role);
        return n;
    }

    private static Map<String, String> route(String dest, String nextHop) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("dest", dest);
        r.put("nextHop", nextHop);
        return r;
    }

    /**
     * This network's entries of node {@code n}'s per-network annotations, annotation name to value, to be merged
     * into the maps keyed by network name: {@code node-subnets} (layer3 only: a layer2 network has no per-node
     * subnet), {@code network-ids}, {@code node-gateway-router-lrp-ifaddrs} (the plural, per-network form of the
     * default network's {@code node-gateway-router-lrp-ifaddr}) and, for layer2,
     * {@code udn-layer2-node-gateway-router-lrp-tunnel-ids}.
     */
    public static Map<String, Object> nodeEntries(UdnSpec u, NodeSpec n) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (u.topology() == UdnSpec.Layer.LAYER3) {
            a.put("k8s.ovn.org/node-subnets", List.of(u.nodeSubnet(n.index())));
        }
        a.put("k8s.ovn.org/network-ids", Integer.toString(u.networkId()));
        a.put("k8s.ovn.org/node-gateway-router-lrp-ifaddrs", Map.of("ipv4", u.gatewayRouterJoinIp(n.index()) + "/16"));
        if (u.topology() == UdnSpec.Layer.LAYER2) {
            a.put("k8s.ovn.org/udn-layer2-node-gateway-router-lrp-tunnel-ids",
                    Integer.toString(u.layer2GatewayTunnelKey(n.index())));
        }
        return a;
    }

    private static String uid(UdnSpec u) {
        return Uids.of(u.scope().resource, u.scope() == UdnSpec.Scope.CLUSTER ? u.name()
                : u.namespaces().get(0) + "/" + u.name());
    }
}
