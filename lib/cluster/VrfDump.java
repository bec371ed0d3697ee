package ovntrace.lib.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * {@code -dump-udn-vrf-table-ids}: for every node and user-defined network in its {@code k8s.ovn.org/network-ids},
 * the routing table of the network's management link {@code ovn-k8s-mp<id>}: its ifindex + 1000. Printed as
 * upstream prints it: compact JSON, keys sorted, a node without networks as {}, a network without a link left out.
 */
public final class VrfDump {

    public static final int ROUTING_TABLE_ID_START = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VrfDump() {}

    public static String run(ClusterApi api, PodExec exec, EngineOptions options) {
        Discovery discovery = new Discovery(api, options.ovnNamespace());
        Map<String, Map<String, Long>> tables = new TreeMap<>();
        for (KubeNode node : api.nodes()) {
            String name = node.name();
            Map<String, String> networks = Annotations.userDefinedNetworks(node.annotations());
            Map<String, Long> ids = new TreeMap<>();
            tables.put(name, ids);
            if (networks.isEmpty()) continue;
            ExecTarget where = discovery.execTarget(name);
            options.log().log(5, "Running command inside container: namespace: " + where.namespace() + ", podName: "
                    + where.pod() + ", containerName: " + where.container() + ", cmd: " + LookupCommands.IP_LINKS);
            ExecResult r;
            try {
                r = exec.exec(where, LookupCommands.IP_LINKS, options.timeout());
            } catch (PodExec.ExecException e) {
                throw new TraceError("Failed dumping VRF table IDs: " + e.getMessage(), e);
            }
            if (!r.ok()) {
                throw new TraceError("Failed dumping VRF table IDs: " + r.stdout().strip() + ": " + r.stderr().strip()
                        + ": command terminated with exit code " + r.exitCode());
            }
            Map<String, Long> links = links(r.stdout());
            networks.forEach((network, id) -> {
                Long index = links.get(managementLink(network, id));
                if (index != null) ids.put(network, index + ROUTING_TABLE_ID_START);
            });
        }
        try {
            return JSON.writeValueAsString(tables);
        } catch (Exception e) {
            throw new TraceError("Failed dumping VRF table IDs: " + e.getMessage(), e);
        }
    }

    /** {@code ovn-k8s-mp<id>}, cut to the 15 characters Linux allows in an interface name. */
    static String managementLink(String network, String id) {
        int n;
        try {
            n = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new TraceError("Failed dumping VRF table IDs: unpexpected networkID '" + id + "' of network " + network);
        }
        String link = "ovn-k8s-mp" + n;
        return link.length() > 15 ? link.substring(0, 15) : link;
    }

    /** {@code ip -j link}: interface name to ifindex. */
    static Map<String, Long> links(String json) {
        Map<String, Long> out = new TreeMap<>();
        try {
            for (JsonNode l : JSON.readTree(json)) out.put(l.path("ifname").asText(), l.path("ifindex").asLong());
        } catch (Exception e) {
            throw new TraceError("Failed dumping VRF table IDs: cannot parse the output of ip -j link: " + e.getMessage(), e);
        }
        return out;
    }
}
