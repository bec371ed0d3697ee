package ovntrace.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ovntrace.lib.cluster.Protocol;

/**
 * A pod. {@code ip} is its IPv4 address: allocated from the node subnet when the file gives none, the node IP for
 * host-network pods; null on an IPv6-only cluster. {@code ip6} is its IPv6 address on a dual-stack or IPv6-only
 * cluster (allocated the same way from the node's IPv6 subnet; the node's IPv6 address for host-network pods),
 * null on an IPv4 cluster. Identifiers a real cluster would randomise (uid, sandbox id) are derived from the name so
 * that every start of the same topology looks the same.
 */
public record PodSpec(String namespace, String name, String node, String ip, Map<String, String> labels,
                      boolean hostNetwork, List<ContainerPort> ports, String ip6) {

    public PodSpec {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    public PodSpec(String namespace, String name, String node, String ip, Map<String, String> labels,
                   boolean hostNetwork) {
        this(namespace, name, node, ip, labels, hostNetwork, List.of(), null);
    }

    public PodSpec(String namespace, String name, String node, String ip, Map<String, String> labels,
                   boolean hostNetwork, List<ContainerPort> ports) {
        this(namespace, name, node, ip, labels, hostNetwork, ports, null);
    }

    /** Its addresses, IPv4 first as ovn-kubernetes orders them ({@code status.podIPs}, pod-networks). */
    public List<String> ips() {
        return ip6 == null ? List.of(ip) : ip == null ? List.of(ip6) : List.of(ip, ip6);
    }

    /** Its first address: IPv4 unless the cluster is IPv6-only. */
    public String primaryIp() {
        return ip != null ? ip : ip6;
    }

    /** A port of the pod's container; {@code name} (may be empty) is what named policy ports refer to. */
    public record ContainerPort(String name, int containerPort, Protocol protocol) {}

    /** The container port called {@code name}, if the pod has one. */
    public java.util.Optional<ContainerPort> port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The OVN logical switch port and OVS {@code iface-id}: {@code <namespace>_<name>}. */
    public String logicalPort() {
        return namespace + "_" + name;
    }

    /** ovn-kubernetes' MAC of the pod's first address ({@code util.IPAddrToHWAddr} of {@code IPs[0]}). */
    public String mac() {
        return ip != null ? Addressing.mac(ip) : Addressing.mac6(ip6);
    }

    public String uid() {
        return UUID.nameUUIDFromBytes(("pod/" + namespace + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A 64-hex container (sandbox) id, as the container runtime would report it. */
    public String sandboxId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("sandbox/" + namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host-side interface name ovn-kubernetes gives the pod: the first 15 characters of the sandbox id. */
    public String hostInterface() {
        return sandboxId().substring(0, 15);
    }
}
