package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import ovntrace.topology.NamespaceSpec;
import ovntrace.topology.NodeSpec;
import ovntrace.topology.PodSpec;
import ovntrace.topology.PolicySpec;
import ovntrace.topology.ServiceSpec;
import ovntrace.topology.Topology;
import ovntrace.topology.UdnSpec;

/**
 * Every Kubernetes object of a sandbox topology, in creation order: namespaces, nodes, ovnkube-node pods,
 * application pods, Services with one {@code discovery.k8s.io/v1} EndpointSlice per IP family (the endpoint
 * slice controller never mixes families in a slice: {@code addressType} IPv4 or IPv6), NetworkPolicies,
 * AdminNetworkPolicies, the BaselineAdminNetworkPolicy and EgressFirewalls ({@link PolicyObjects}), and each primary
 * user-defined network with the NetworkAttachmentDefinitions cluster-manager renders from it ({@link UdnObjects}).
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
            if (s.clusterIp() != null) {
                out.add(endpointSlice(topology, s, false));
            }
            if (s.clusterIp6() != null) {
                out.add(endpointSlice(topology, s, true));
            }
        }
        for (PolicySpec p : topology.policies()) {
            out.add(PolicyObjects.networkPolicy(p));
        }
        topology.adminAndBaselinePolicies().forEach(p -> out.add(PolicyObjects.adminPolicy(p)));
        topology.egressFirewalls().forEach(ef -> out.add(PolicyObjects.egressFirewall(ef)));
        for (UdnSpec u : topology.udns()) {
            out.add(UdnObjects.network(u));
            u.namespaces().forEach(ns -> out.add(UdnObjects.nad(u, ns)));
        }
        return out;
    }

    static Service service(ServiceSpec s) {
        return new ServiceBuilder()
                .withNewMetadata().withName(s.name()).withNamespace(s.namespace())
                    .withUid(Uids.of("service", s.namespace() + "/" + s.name())).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(s.clusterIps().get(0)).withClusterIPs(s.clusterIps())
                    .withIpFamilies(s.clusterIps().stream().map(ip -> ip.contains(":") ? "IPv6" : "IPv4").toList())
                    .withIpFamilyPolicy(s.clusterIps().size() == 1 ? "SingleStack" : "PreferDualStack")
                    .withSelector(s.selector().matchLabels())
                    .withSessionAffinity("None")
                    .withPorts(s.ports().stream().map(p -> new ServicePortBuilder()
                            .withName(p.name().isEmpty() ? null : p.name()).withProtocol(p.protocol().name())
                            .withPort(p.port()).withTargetPort(new IntOrString(p.targetPort())).build()).toList())
                .endSpec()
                .build();
    }

    /** The Service's slice of one family; {@code v6}: the pods' IPv6 addresses, another generated name. */
    static EndpointSlice endpointSlice(Topology topology, ServiceSpec s, boolean v6) {
        String seed = s.namespace() + "/" + s.name() + (v6 ? "/IPv6" : "");
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(s.name() + "-" + OvnkubePods.suffix(seed))
                    .withNamespace(s.namespace()).addToLabels("kubernetes.io/service-name", s.name())
                    .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                    .endMetadata()
                .withAddressType(v6 ? "IPv6" : "IPv4")
                .withEndpoints(topology.endpoints(s).stream().map(p -> new EndpointBuilder().withAddresses(v6 ? p.ip6() : p.ip())
                        .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                        .withNodeName(p.node())
                        .withNewTargetRef().withKind("Pod").withNamespace(p.namespace()).withName(p.name())
                            .withUid(p.uid()).endTargetRef()
                        .build()).toList())
                .withPorts(s.ports().stream().map(p -> new EndpointPortBuilder()
                        .withName(p.name()).withProtocol(p.protocol().name()).withPort(p.targetPort()).build()).toList())
                .build();
    }
}
