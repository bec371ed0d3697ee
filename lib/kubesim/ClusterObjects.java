package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import ovntrace.topology.NamespaceSpec;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.Selector;
import ovntrace.topology.ServiceSpec;
import ovntrace.topology.Topology;

/**
 * Every Kubernetes object of a sandbox topology, in creation order: namespaces, nodes, ovnkube-node pods,
 * application pods, Services with one {@code discovery.k8s.io/v1} EndpointSlice each, NetworkPolicies.
 */
public final class ClusterObjects {

    private ClusterObjects() {}

    public static List<HasMetadata> of(Topology topology) {
        List<HasMetadata> out = new ArrayList<>();
        out.add(new NamespaceBuilder().withNewMetadata().withName(OvnkubePods.NAMESPACE)
                .addToLabels("kubernetes.io/metadata.name", OvnkubePods.NAMESPACE).endMetadata().build());
        for (NamespaceSpec ns : topology.namespaces()) {
            out.add(new NamespaceBuilder().withNewMetadata().withName(ns.name()).withUid(Uids.of("namespace", ns.name()))
                    .withLabels(ns.labels()).endMetadata().build());
        }
        for (NodeSpec n : topology.nodes()) {
            out.add(NodeObjects.node(topology, n));
        }
        for (NodeSpec n : topology.nodes()) {
            out.add(NodeObjects.ovnkubePod(topology, n));
        }
        for (PodSpec p : topology.pods()) {
            out.add(PodObjects.pod(topology, p));
        }
        for (ServiceSpec s : topology.services()) {
            out.add(service(s));
            out.add(endpointSlice(topology, s));
        }
        for (PolicySpec p : topology.policies()) {
            out.add(policy(p));
        }
        return out;
    }

    static Service service(ServiceSpec s) {
        return new ServiceBuilder()
                .withNewMetadata().withName(s.name()).withNamespace(s.namespace())
                    .withUid(Uids.of("service", s.namespace() + "/" + s.name())).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(s.clusterIp()).withClusterIPs(s.clusterIp())
                    .withIpFamilies("IPv4").withIpFamilyPolicy("SingleStack").withSelector(s.selector().matchLabels())
                    .withSessionAffinity("None")
                    .withPorts(s.ports().stream().map(p -> new ServicePortBuilder()
                            .withName(p.name().isEmpty() ? null : p.name()).withProtocol(p.protocol().name())
                            .withPort(p.port()).withTargetPort(new IntOrString(p.targetPort())).build()).toList())
                .endSpec()
                .build();
    }

    static EndpointSlice endpointSlice(Topology topology, ServiceSpec s) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(s.name() + "-" + OvnkubePods.suffix(s.namespace() + "/" + s.name()))
                    .withNamespace(s.namespace()).addToLabels("kubernetes.io/service-name", s.name())
                    .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                    .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(topology.endpoints(s).stream().map(p -> new EndpointBuilder().withAddresses(p.ip())
                        .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                        .withNodeName(p.node())
                        .withNewTargetRef().withKind("Pod").withNamespace(p.namespace()).withName(p.name())
                            .withUid(p.uid()).endTargetRef()
                        .build()).toList())
                .withPorts(s.ports().stream().map(p -> new EndpointPortBuilder()
                        .withName(p.name()).withProtocol(p.protocol().name()).withPort(p.targetPort()).build()).toList())
                .build();
    }

    static NetworkPolicy policy(PolicySpec p) {
        List<String> types = new ArrayList<>();
        if (p.ingress()) {
            types.add("Ingress");
        }
        if (p.egress()) {
            types.add("Egress");
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(p.name()).withNamespace(p.namespace())
                    .withUid(Uids.of("networkpolicy", p.namespace() + "/" + p.name())).endMetadata()
                .withNewSpec().withPodSelector(selector(p.podSelector())).withPolicyTypes(types)
                    .withIngress(p.ingressRules().stream().map(r -> new io.fabric8.kubernetes.api.model.networking.v1
                            .NetworkPolicyIngressRuleBuilder().withFrom(peers(r)).withPorts(ports(r)).build()).toList())
                    .withEgress(p.egressRules().stream().map(r -> new io.fabric8.kubernetes.api.model.networking.v1
                            .NetworkPolicyEgressRuleBuilder().withTo(peers(r)).withPorts(ports(r)).build()).toList())
                .endSpec()
                .build();
    }

    private static List<NetworkPolicyPeer> peers(PolicySpec.Rule rule) {
        return rule.peers().stream().map(peer -> new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(peer.namespaceSelector() == null ? null : selector(peer.namespaceSelector()))
                .withPodSelector(peer.podSelector() == null ? null : selector(peer.podSelector())).build()).toList();
    }

    private static List<NetworkPolicyPort> ports(PolicySpec.Rule rule) {
        return rule.ports().stream().map(port -> new NetworkPolicyPortBuilder().withProtocol(port.protocol().name())
                .withPort(port.port() == null ? null : new IntOrString(port.port())).build()).toList();
    }

    private static LabelSelector selector(Selector s) {
        return new LabelSelectorBuilder().withMatchLabels(s.matchLabels()).build();
    }
}
