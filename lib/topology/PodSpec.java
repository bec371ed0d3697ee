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
 * A pod. {@code ip} is always set: allocated from the node subnet when the file gives none, the node IP for
 * host-network pods. Identifiers a real cluster would randomise (uid, sandbox id) are derived from the name so
 * that every start of the same topology looks the same.
 */
public record PodSpec(String namespace, String name, String node, String ip, Map<String, String> labels,
                      boolean hostNetwork, List<ContainerPort> ports) {

    public PodSpec {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    public PodSpec(String namespace, String name, String node, String ip, Map<String, String> labels,
                   boolean hostNetwork) {
        this(namespace, name, node, ip, labels, hostNetwork, List.of());
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

    public String mac() {
        return Addressing.mac(ip);
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
