package ovntrace.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;

/**
 * Reads a topology description (YAML or JSON; JSON is valid YAML) into a validated {@link Topology}. Every error
 * names the source and the field, for example {@code my.yaml: pods[2].node: no node named "ovn-wroker"}.
 * The top-level keys are {@code mode}, {@code ipFamilies}, {@code nodes}, {@code namespaces}, {@code pods}, {@code services},
 * {@code networkPolicies}, {@code adminNetworkPolicies}, {@code baselineAdminNetworkPolicy} and
 * {@code egressFirewalls}, {@code udns} ({@link UdnReader}); see {@code default-topology.yaml} for a complete example.
 */
public final class TopologyReader {

    /** Classpath location of the built-in topology (the upstream documentation's cluster). */
    public static final String DEFAULT_RESOURCE = "/lib/topology/default-topology.yaml";
    /** The namespace the emulated API server keeps for the ovnkube-node pods. */
    public static final String OVN_NAMESPACE = "ovn-kubernetes";

    private TopologyReader() {}

    public static Topology read(Path file) throws TopologyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TopologyException(file + ": no such file");
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * Built-in topologies by the name {@code ovntrace-sandbox up --topology NAME} takes: the documentation's cluster
     * and small dual-stack and IPv6-only ones. Each is a classpath resource (JBang ships them with {@code //FILES}).
     */
    private static final Map<String, String> BUILT_IN = new java.util.TreeMap<>(Map.of(
            "default", DEFAULT_RESOURCE, "dual-stack", "/lib/topology/dual-stack-topology.yaml",
            "ipv6", "/lib/topology/ipv6-topology.yaml", "udn", "/lib/topology/udn-topology.yaml"));

    /** The text of the built-in topology. */
    public static String defaultText() {
        return resource(DEFAULT_RESOURCE);
    }

    /** The names of the built-in topologies, sorted. */
    public static List<String> builtInNames() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /** The text of the built-in topology called {@code name}, if there is one. */
    public static java.util.Optional<String> builtInText(String name) {
        return java.util.Optional.ofNullable(BUILT_IN.get(name)).map(TopologyReader::resource);
    }

    /** The built-in topology called {@code name}, parsed; it must exist. */
    public static Topology builtIn(String name) {
        try {
            return parse(builtInText(name).orElseThrow(), name + "-topology.yaml");
        } catch (TopologyException e) {
            throw new IllegalStateException("the built-in topology " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = TopologyReader.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Topology defaultTopology() {
        try {
            return parse(defaultText(), "default-topology.yaml");
        } catch (TopologyException e) {
            throw new IllegalStateException("the built-in topology is invalid: " + e.getMessage(), e);
        }
    }

    public static Topology parse(String text, String source) throws TopologyException {
        JsonNode tree;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + ":";
            throw new TopologyException(source + ":" + where + " not valid YAML or JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Fields root = Fields.root(tree, source);
        root.allowOnly("mode", "ipFamilies", "nodes", "namespaces", "pods", "services", "networkPolicies", "adminNetworkPolicies",
                "baselineAdminNetworkPolicy", "egressFirewalls", "udns", "hostSubnetLength");
        ClusterMode mode = mode(root);
        List<AddressFamily> families = families(root);
        boolean ipv4 = families.contains(AddressFamily.IP4), ipv6 = families.contains(AddressFamily.IP6);
        List<NodeSpec> nodes = nodes(root, ipv4, hostSubnetLength(root));
        Map<String, NamespaceSpec> namespaces = declaredNamespaces(root);
        List<UdnSpec> udns = UdnReader.udns(root, mode, ipv4 && !ipv6, namespaces);
        nodes = UdnReader.withNetworks(nodes, udns, root);
        List<PodSpec> pods = new PodAllocator(nodes, ipv4, ipv6).pods(root, namespaces);
        List<ServiceSpec> services = ServiceReader.services(root, namespaces, ipv4, ipv6);
        if (families.size() > 1 || !ipv4) {
            // Their ACLs are written with IPv4 matches only: on a cluster with IPv6 they would be half right.
            for (String key : List.of("adminNetworkPolicies", "baselineAdminNetworkPolicy", "egressFirewalls")) {
                if (root.has(key)) {
                    throw root.error(key, "not rendered for IPv6 yet; only an IPv4 cluster (ipFamilies: [IPv4]) takes them");
                }
            }
        }
        List<PolicySpec> policies = PolicyReader.policies(root, namespaces);
        List<AdminPolicySpec> admin = AdminPolicyReader.admin(root);
        AdminPolicySpec baseline = AdminPolicyReader.baseline(root).orElse(null);
        List<EgressFirewallSpec> firewalls = EgressFirewallReader.firewalls(root, namespaces);
        return new Topology(mode, nodes, List.copyOf(namespaces.values()), pods, services, policies, admin, baseline,
                firewalls, families, udns);
    }

    /**
     * {@code ipFamilies}, spelled as a Service's {@code spec.ipFamilies}: {@code [IPv4]} (the default) or
     * {@code [IPv4, IPv6]} (dual-stack) or {@code [IPv6]} (IPv6-only).
     */
    private static List<AddressFamily> families(Fields root) throws TopologyException {
        List<String> names = root.strings("ipFamilies");
        if (names.isEmpty() || names.equals(List.of("IPv4"))) {
            return List.of(AddressFamily.IP4);
        }
        if (names.equals(List.of("IPv4", "IPv6"))) {
            return List.of(AddressFamily.IP4, AddressFamily.IP6);
        }
        if (names.equals(List.of("IPv6"))) {
            return List.of(AddressFamily.IP6);
        }
        throw root.error("ipFamilies", names + " is not a set of IP families: use [IPv4], [IPv4, IPv6] or [IPv6]");
    }

    /** {@code ic} or {@code central}, as the command line spells them. */
    public static ClusterMode parseMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "ic", "interconnect" -> ClusterMode.IC;
            case "central" -> ClusterMode.CENTRAL;
            default -> throw new IllegalArgumentException("unknown mode \"" + text + "\": use ic or central");
        };
    }

    private static ClusterMode mode(Fields root) throws TopologyException {
        String text = root.optString("mode").orElse("ic");
        try {
            return parseMode(text);
        } catch (IllegalArgumentException e) {
            throw root.error("mode", e.getMessage());
        }
    }

    /**
     * {@code hostSubnetLength}: each node's share of 10.244.0.0/16, as the last part of ovn-kubernetes'
     * {@code --cluster-subnets 10.244.0.0/16/24} (kind's 24, the default; OpenShift's hostPrefix 23 is a 23): 22 to 24,
     * so a node holds up to 1,019 pods (a /22) where a /24 holds 252.
     */
    private static int hostSubnetLength(Fields root) throws TopologyException {
        return root.optInt("hostSubnetLength", Addressing.MIN_HOST_SUBNET_LENGTH, Addressing.DEFAULT_HOST_SUBNET_LENGTH)
                .orElse(Addressing.DEFAULT_HOST_SUBNET_LENGTH);
    }

    private static List<NodeSpec> nodes(Fields root, boolean ipv4, int hostSubnetLength) throws TopologyException {
        List<Fields> list = root.objects("nodes");
        if (list.isEmpty()) {
            throw root.error("nodes", "at least one node is required");
        }
        if (list.size() > Addressing.MAX_NODES) {
            throw root.error("nodes", "at most " + Addressing.MAX_NODES + " nodes are supported, not " + list.size());
        }
        List<NodeSpec> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fields n : list) {
            n.allowOnly("name", "networks");
            String name = name(n, Names.MAX_NODE_NAME);
            if (!seen.add(name)) {
                throw n.error("name", "node \"" + name + "\" is listed twice");
            }
            nodes.add(new NodeSpec(name, nodes.size(), networks(n), ipv4, hostSubnetLength));
        }
        return nodes;
    }

    private static Map<String, Integer> networks(Fields node) throws TopologyException {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        for (Map.Entry<String, String> e : node.stringMap("networks").entrySet()) {
            String key = "networks." + e.getKey();
            if (e.getKey().equals("default") || Names.checkSubdomain(e.getKey(), 63) != null) {
                throw node.error(key, "a network needs a name other than \"default\" (lower-case letters, digits, '-', '.')");
            }
            int id;
            try {
                id = Integer.parseInt(e.getValue());
            } catch (NumberFormatException ex) {
                throw node.error(key, "the network id must be a whole number, not \"" + e.getValue() + "\"");
            }
            if (id < 1 || id > 4094) {
                throw node.error(key, "the network id must be between 1 and 4094 (0 is the default network)");
            }
            if (byId.putIfAbsent(id, e.getKey()) != null) {
                throw node.error(key, "network id " + id + " is already used by " + byId.get(id));
            }
            out.put(e.getKey(), id);
        }
        return out;
    }

    private static Map<String, NamespaceSpec> declaredNamespaces(Fields root) throws TopologyException {
        Map<String, NamespaceSpec> out = new LinkedHashMap<>();
        for (Fields n : root.objects("namespaces")) {
            n.allowOnly("name", "labels");
            String name = checkNamespace(n, "name");
            if (out.containsKey(name)) {
                throw n.error("name", "namespace \"" + name + "\" is listed twice");
            }
            out.put(name, new NamespaceSpec(name, labels(n, "labels")));
        }
        return out;
    }

    /** Reads a namespace reference (default {@code default}) and registers the namespace if it is new. */
    static String namespaceOf(Fields f, Map<String, NamespaceSpec> namespaces) throws TopologyException {
        String name = f.has("namespace") ? checkNamespace(f, "namespace") : "default";
        namespaces.computeIfAbsent(name, n -> new NamespaceSpec(n, Map.of()));
        return name;
    }

    private static String checkNamespace(Fields f, String key) throws TopologyException {
        String name = f.string(key);
        String bad = Names.checkLabel(name);
        if (bad != null) {
            throw f.error(key, bad);
        }
        if (name.equals(OVN_NAMESPACE)) {
            throw f.error(key, "namespace " + OVN_NAMESPACE + " is reserved for the sandbox's ovnkube-node pods");
        }
        return name;
    }

    static Map<String, String> labels(Fields f, String key) throws TopologyException {
        Map<String, String> labels = f.stringMap(key);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String bad = Names.checkLabelPair(e.getKey(), e.getValue());
            if (bad != null) {
                throw f.error(key, bad);
            }
        }
        return labels;
    }

    static String name(Fields f, int max) throws TopologyException {
        String name = f.string("name");
        String bad = Names.checkSubdomain(name, max);
        if (bad != null) {
            throw f.error("name", bad);
        }
        return name;
    }
}
