package ovntrace.lib.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's primary user-defined network, from its {@code k8s.ovn.org/pod-networks} annotation and the
 * NetworkAttachmentDefinition it names. ovn-kubernetes writes one entry per network, keyed by {@code default} or by
 * the NAD ({@code <namespace>/<name>}); the pod's primary network's entry has role {@code primary}, and a pod whose
 * primary network is a UDN keeps a default-network entry with role {@code infrastructure-locked}
 * ({@code pkg/util/pod_annotation.go}, {@code pkg/types/const.go} NetworkRolePrimary/NetworkRoleInfrastructure).
 * The network's name and topology are the NAD config's {@code name} and {@code topology}
 * ({@code pkg/clustermanager/userdefinednetwork/template/net-attach-def-template.go}).
 */
public final class PrimaryNetworks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrimaryNetworks() {}

    /** The primary UDN's entry: its NAD key, addresses (prefix lengths dropped), MAC, and whether it has a tunnel_id (layer2). */
    public record Entry(String nad, List<String> ips, String mac, boolean tunnelId) {}

    /** The entry with role primary that is not the default network's; empty for a default-network pod or no annotation. */
    public static Optional<Entry> primaryUdn(Map<String, String> annotations) {
        String raw = annotations == null ? null : annotations.get(Annotations.POD_NETWORKS);
        if (raw == null) return Optional.empty();
        try {
            var fields = JSON.readTree(raw).properties();
            for (Map.Entry<String, JsonNode> e : fields) {
                if (e.getKey().equals("default") || !"primary".equals(e.getValue().path("role").asText(""))) continue;
                JsonNode v = e.getValue();
                List<String> ips = new ArrayList<>();
                v.path("ip_addresses").forEach(a -> ips.add(a.asText("")));
                if (ips.isEmpty() && v.has("ip_address")) ips.add(v.path("ip_address").asText(""));
                return Optional.of(new Entry(e.getKey(), ips.stream().map(PrimaryNetworks::address).toList(),
                        v.path("mac_address").asText("").toLowerCase(Locale.ROOT), v.has("tunnel_id")));
            }
        } catch (Exception e) {
            return Optional.empty(); // the default network's reading reports the broken annotation
        }
        return Optional.empty();
    }

    /**
     * The network of {@code entry}: name and topology from the NAD (a read-only GET), or, when it cannot be read,
     * derived from its key the way a namespaced UserDefinedNetwork is named ({@code <ns>_<name>}; a
     * ClusterUserDefinedNetwork's {@code cluster_udn_<name>} cannot be told from the key) and its topology from the
     * entry (only layer2 entries carry a tunnel_id), saying so in the network's note.
     */
    public static PodNetwork network(ClusterApi api, Entry entry) {
        int slash = entry.nad().indexOf('/');
        String ns = slash < 0 ? "" : entry.nad().substring(0, slash), name = entry.nad().substring(slash + 1);
        String problem;
        try {
            Optional<GenericKubernetesResource> nad = KubeNames.isLabel(ns) && KubeNames.isPodName(name)
                    ? api.customResource(CustomResource.NETWORK_ATTACHMENT_DEFINITION, ns, name) : Optional.empty();
            problem = nad.isEmpty() ? "not found" : "";
            if (nad.isPresent()) {
                Object spec = nad.get().getAdditionalProperties().get("spec");
                Object config = spec instanceof Map<?, ?> m ? m.get("config") : null;
                JsonNode c = config instanceof String s ? JSON.readTree(s) : null;
                PodNetwork.Topology t = c == null ? null : PodNetwork.Topology.of(c.path("topology").asText(""));
                String netName = c == null ? "" : c.path("name").asText("");
                if (t != null && !netName.isEmpty() && KubeNames.isNetworkName(netName)) return new PodNetwork(netName, t, entry.nad(), "");
                problem = "its config has no usable name and topology";
            }
        } catch (TraceError | com.fasterxml.jackson.core.JsonProcessingException e) {
            problem = e.getMessage();
        }
        String derived = ns + "_" + name;
        PodNetwork.Topology t = entry.tunnelId() ? PodNetwork.Topology.LAYER2 : PodNetwork.Topology.LAYER3;
        return new PodNetwork(derived, t, entry.nad(), "NetworkAttachmentDefinition " + entry.nad() + " not read (" + problem
                + "): network name " + derived + " and topology " + t.id() + " derived from the pod's annotation (a ClusterUserDefinedNetwork's is cluster_udn_<name>)");
    }

    private static String address(String cidr) {
        String ip = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
        return IpAddress.canonical(ip).orElse("");
    }
}
