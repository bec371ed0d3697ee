package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pods and Services as the trace needs them, with upstream's error messages plus a hint what to check. */
public final class EndpointResolver {

    private final ClusterApi api;

    public EndpointResolver(ClusterApi api) {
        this.api = api;
    }

    /** A pod's node, IP of {@code family} and MAC annotation; missing pods and IPs end the run. */
    public PodInfo pod(PodRef ref, AddressFamily family, String flag) {
        return pod(ref, family, flag, null);
    }

    /**
     * The same, with the addresses the pod has on network {@code on} (null: its primary network). A pod on a primary
     * UDN is traced with its UDN entry of {@code k8s.ovn.org/pod-networks}, unless {@code on} is the default network:
     * then with its default-network (infrastructure-locked) port, the one a default-network pod reaches. A pod with no
     * entry on {@code on} is traced on its own primary network (the caller sees the networks differ).
     */
    public PodInfo pod(PodRef ref, AddressFamily family, String flag, PodNetwork on) {
        String prefix = "Failed to get information from pod " + ref.name() + ": ";
        if (!KubeNames.isPodName(ref.name()) || !KubeNames.isLabel(ref.namespace())) {
            throw new TraceError(prefix + "\"" + ref + "\" is not a valid pod name");
        }
        KubePod pod = api.pod(ref.namespace(), ref.name()).orElseThrow(() -> new TraceError(prefix
                + (api.namespaceExists(ref.namespace()) ? "pods \"" + ref.name() + "\" not found in namespace " + ref.namespace()
                : "namespace \"" + ref.namespace() + "\" not found") + " (check " + flag + " and " + flag + "-namespace)"));
        String node = pod.nodeName();
        if (!pod.scheduled() || !KubeNames.isPodName(node)) {
            throw new TraceError(prefix + "the pod is not scheduled to a node yet");
        }
        List<String> ips = pod.ips();
        String ip = ips.stream().map(IpAddress::canonical).flatMap(Optional::stream)
                .filter(a -> AddressFamily.of(a) == family).findFirst()
                .orElseThrow(() -> new TraceError(prefix + "could not find desired pod ip address for the given address family"
                        + " (-addr-family " + family.ovn() + "; the pod has " + (ips.isEmpty() ? "no IP yet" : String.join(", ", ips)) + ")"));
        boolean hostNetwork = pod.hostNetwork();
        Map<String, String> annotations = pod.annotations();
        Optional<PrimaryNetworks.Entry> udn = hostNetwork ? Optional.empty() : PrimaryNetworks.primaryUdn(annotations);
        if (udn.isPresent()) {
            PodNetwork primary = PrimaryNetworks.network(api, udn.get());
            if (on == null || !on.isDefault()) return onUdn(ref, node, family, prefix, udn.get(), primary);
            return new PodInfo(ref, node, false, ip, Annotations.podMac(ref, annotations), PodNetwork.DEFAULT, primary);
        }
        Fact<String> mac = hostNetwork ? Fact.missing("host-network pods use the management port's MAC")
                : Annotations.podMac(ref, annotations);
        return new PodInfo(ref, node, hostNetwork, ip, mac);
    }

    /** A pod on its primary UDN: the address and MAC of the UDN's entry (status.podIPs are the default network's). */
    private static PodInfo onUdn(PodRef ref, String node, AddressFamily family, String prefix, PrimaryNetworks.Entry e,
                                 PodNetwork network) {
        String ip = e.ips().stream().filter(a -> !a.isEmpty() && AddressFamily.of(a) == family).findFirst()
                .orElseThrow(() -> new TraceError(prefix + "could not find desired pod ip address for the given address family"
                        + " on its primary network " + network.name() + " (-addr-family " + family.ovn() + "; "
                        + Annotations.POD_NETWORKS + " entry " + e.nad() + " has " + (e.ips().isEmpty() ? "none" : String.join(", ", e.ips())) + ")"));
        Fact<String> mac = LookupParsers.isMac(e.mac()) ? Fact.of(e.mac())
                : Fact.missing("failed to parse pod MAC \"" + e.mac() + "\" in " + Annotations.POD_NETWORKS + " entry " + e.nad() + " on pod " + ref);
        return new PodInfo(ref, node, false, ip, mac, network, network);
    }

    /** The Service's ClusterIP of the family and the endpoint the trace is steered to. */
    public record ServiceTarget(PodRef service, String clusterIp, int port, PodRef backend, int backendPort) {}

    public ServiceTarget service(PodRef ref, AddressFamily family, int port, Protocol protocol) {
        return service(ref, null, family, port, protocol);
    }

    /** As {@link #service(PodRef, AddressFamily, int, Protocol)}; {@code endpoint} (null: any) is the backend to trace. */
    public ServiceTarget service(PodRef ref, PodRef endpoint, AddressFamily family, int port, Protocol protocol) {
        String prefix = "Failed to get information from service " + ref.name() + ": ";
        Service svc = api.service(ref.namespace(), ref.name()).orElseThrow(() -> new TraceError(prefix + "service "
                + ref.name() + " in namespace " + ref.namespace() + " not found (check -service and -dst-namespace)"));
        List<String> clusterIps = new ArrayList<>();
        if (svc.getSpec().getClusterIPs() != null) clusterIps.addAll(svc.getSpec().getClusterIPs());
        if (svc.getSpec().getClusterIP() != null && !clusterIps.contains(svc.getSpec().getClusterIP())) {
            clusterIps.add(0, svc.getSpec().getClusterIP());
        }
        List<String> usable = clusterIps.stream().map(IpAddress::canonical).flatMap(Optional::stream).toList();
        if (usable.isEmpty()) {
            throw new TraceError(prefix + "ClusterIP for service " + ref.name() + " in namespace " + ref.namespace()
                    + " not available (headless Services have no ClusterIP to trace)");
        }
        // the primary ClusterIP as upstream, unless the other family was asked for and the Service has one
        String clusterIp = usable.stream().filter(a -> AddressFamily.of(a) == family).findFirst().orElse(usable.get(0));
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        String portName = ports.stream()
                .filter(p -> p.getPort() != null && p.getPort() == port)
                .filter(p -> protocolOf(p).equals(protocol.name()))
                .map(ServicePort::getName).map(n -> n == null ? "" : n).findFirst().orElse(null);
        if (portName == null) {
            // tracing another port would force the packet to the endpoint and report a success no client would see
            String exposed = ports.stream().filter(p -> p.getPort() != null).map(p -> p.getPort() + "/" + protocolOf(p))
                    .distinct().reduce((a, b) -> a + ", " + b).orElse("none");
            throw new TraceError(prefix + "service " + ref.name() + " in namespace " + ref.namespace() + " does not expose "
                    + protocol.name() + " port " + port + "; its ports are " + exposed + " (check -dst-port and -tcp/-udp)");
        }
        if (endpoint != null) {
            return backends(ref, family, portName).stream().filter(b -> b.pod().equals(endpoint)).findFirst()
                    .map(b -> new ServiceTarget(ref, clusterIp, port, b.pod(), b.port()))
                    .orElseThrow(() -> new TraceError(prefix + "pod " + endpoint + " is not an endpoint of service " + ref.name()
                            + " in namespace " + ref.namespace() + " (any more?)"));
        }
        return pickEndpoint(ref, family, portName)
                .map(b -> new ServiceTarget(ref, clusterIp, port, b.pod(), b.port()))
                .orElseThrow(() -> new TraceError(prefix + "could not extract pod and port information from endpointslice for service "
                        + ref.name() + " in namespace " + ref.namespace() + " (no endpoint backed by a pod; is any pod selected and running?)"));
    }

    /** The Service's ports of {@code protocol}, in its order; empty when it has none or does not exist. */
    public List<Integer> ports(PodRef ref, Protocol protocol) {
        return api.service(ref.namespace(), ref.name()).map(svc -> svc.getSpec().getPorts() == null ? List.<Integer>of()
                : svc.getSpec().getPorts().stream().filter(p -> p.getPort() != null && protocolOf(p).equals(protocol.name()))
                .map(ServicePort::getPort).distinct().toList()).orElse(List.of());
    }

    /** The pods behind the Service's ready endpoints of {@code family}, each once, in the slices' order. */
    public List<PodRef> readyEndpoints(PodRef ref, AddressFamily family) {
        return backends(ref, family, null).stream().filter(Backend::ready).map(Backend::pod).distinct().toList();
    }

    /** A Service port's protocol; Kubernetes defaults it to TCP. */
    private static String protocolOf(ServicePort p) {
        return p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol().toUpperCase(java.util.Locale.ROOT);
    }

    private record Backend(PodRef pod, int port, boolean ready) {}

    /**
     * Upstream takes the first endpoint with a pod reference; we take the first ready one if there is one. The port
     * is the slice port named like the Service port asked for, else (as upstream) the slice's last port.
     */
    private Optional<Backend> pickEndpoint(PodRef svc, AddressFamily family, String portName) {
        List<Backend> found = backends(svc, family, portName);
        return found.stream().filter(Backend::ready).findFirst().or(() -> found.stream().findFirst());
    }

    /** Every endpoint of the Service backed by a pod, with the slice port for {@code portName}. */
    private List<Backend> backends(PodRef svc, AddressFamily family, String portName) {
        List<Backend> found = new ArrayList<>();
        for (EndpointSlice slice : api.endpointSlices(svc.namespace(), svc.name())) {
            if (slice.getAddressType() != null && !slice.getAddressType().equalsIgnoreCase(family == AddressFamily.IP4 ? "IPv4" : "IPv6")) continue;
            Integer port = null;
            for (EndpointPort p : Optional.ofNullable(slice.getPorts()).orElse(List.of())) {
                if (p.getPort() == null) continue;
                if (portName != null && portName.equals(Optional.ofNullable(p.getName()).orElse(""))) {
                    port = p.getPort();
                    break;
                }
                port = p.getPort();
            }
            if (port == null) continue;
            for (Endpoint ep : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
                if (ep.getAddresses() == null || ep.getAddresses().isEmpty() || ep.getTargetRef() == null) continue;
                String name = ep.getTargetRef().getName(), ns = ep.getTargetRef().getNamespace();
                if (name == null || name.isEmpty() || ns == null || ns.isEmpty()) continue;
                if (!"Pod".equals(Optional.ofNullable(ep.getTargetRef().getKind()).orElse("Pod"))) continue;
                boolean ready = ep.getConditions() == null || !Boolean.FALSE.equals(ep.getConditions().getReady());
                found.add(new Backend(new PodRef(ns, name), port, ready));
            }
        }
        return found;
    }
}
