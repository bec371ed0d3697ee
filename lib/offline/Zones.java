package ovntrace.lib.offline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import ovntrace.lib.cluster.Annotations;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.KubeNode;
import ovntrace.lib.cluster.KubePod;

/**
 * Which zone each database pair serves, as ovn-kubernetes decides it: a node's zone is its
 * {@code k8s.ovn.org/zone-name} annotation (its own name when absent), an ovnkube-node pod's databases are its node's
 * zone's, and the NB's {@code NB_Global} name, which ovn-kubernetes sets to the zone in interconnect, must agree.
 * Pure: the files are already copies, their NB_Global names already read.
 */
final class Zones {

    /** ovn-kubernetes' zone when nothing names one (types.OvnDefaultZone), as NB_Global has it in central mode. */
    static final String DEFAULT_ZONE = "global";

    /** A pair ready to serve: standalone copies, and the zone name its NB_Global holds ("" when unset). */
    record Ready(FoundDatabases.Pair pair, Path nb, Path sb, String nbGlobalName) {}

    record Assignment(ClusterMode mode, List<ZoneDatabases> zones) {}

    private Zones() {}

    static Assignment assign(KubeObjects objects, List<Ready> ready) {
        List<String> allNodes = objects.nodes().stream().map(KubeNode::name).sorted().toList();
        if (ready.size() == 1 && ready.get(0).pair().owner() == FoundDatabases.Owner.EVERY_NODE) {
            Ready r = ready.get(0);
            String zone = r.nbGlobalName().isEmpty() ? DEFAULT_ZONE : r.nbGlobalName();
            return new Assignment(ClusterMode.CENTRAL, List.of(new ZoneDatabases(zone, allNodes, r.nb(), r.sb())));
        }
        Map<String, List<String>> nodesByZone = new TreeMap<>();
        for (KubeNode n : objects.nodes()) nodesByZone.computeIfAbsent(zoneOf(n), z -> new ArrayList<>()).add(n.name());
        Map<String, ZoneDatabases> zones = new TreeMap<>();
        for (Ready r : ready) {
            String zone = zoneOfPair(objects, r);
            if (!r.nbGlobalName().isEmpty() && !r.nbGlobalName().equals(zone)) {
                throw OfflineInputException.zoneMismatch(r.pair().nb().shown(), r.nbGlobalName(), zone);
            }
            if (!nodesByZone.containsKey(zone)) {
                throw OfflineInputException.wrongZone(r.pair().nb().shown(), zone, String.join(", ", nodesByZone.keySet()));
            }
            zones.putIfAbsent(zone, new ZoneDatabases(zone, nodesByZone.get(zone), r.nb(), r.sb()));
        }
        everyPodsNodeHasItsZone(objects, zones);
        return new Assignment(ClusterMode.IC, List.copyOf(zones.values()));
    }

    static String zoneOf(KubeNode node) {
        String zone = node.annotations().get(Annotations.ZONE_NAME);
        return zone == null || zone.isBlank() ? node.name() : zone;
    }

    private static String zoneOfPair(KubeObjects objects, Ready r) {
        FoundDatabases.Pair pair = r.pair();
        return switch (pair.owner()) {
            case ZONE -> pair.name();
            case EVERY_NODE -> r.nbGlobalName().isEmpty() ? DEFAULT_ZONE : r.nbGlobalName();
            case POD -> {
                KubePod pod = ovnkubePod(objects, pair.name()).orElseThrow(() -> OfflineInputException.unknownPod(pair.name(), pair.nb().shown()));
                Optional<KubeNode> node = pod.scheduled() ? objects.node(pod.nodeName()) : Optional.empty();
                if (node.isEmpty()) throw OfflineInputException.unknownPod(pair.name(), pair.nb().shown());
                yield zoneOf(node.get());
            }
        };
    }

    /** The ovnkube-node pod of that name: in ovn-kubernetes' own namespaces first, as a name can repeat elsewhere. */
    private static Optional<KubePod> ovnkubePod(KubeObjects objects, String name) {
        return objects.pods().stream().filter(p -> name.equals(p.name()))
                .min(Comparator.comparing(p -> p.namespace().contains("ovn-kubernetes") ? 0 : 1));
    }

    private static void everyPodsNodeHasItsZone(KubeObjects objects, Map<String, ZoneDatabases> zones) {
        TreeSet<String> served = new TreeSet<>();
        zones.values().forEach(z -> served.addAll(z.nodes()));
        objects.pods().stream().sorted(Comparator.comparing(ObjectFiles::name)).forEach(p -> {
            String nodeName = p.nodeName();
            if (!p.scheduled() || served.contains(nodeName)) return;
            String zone = objects.node(nodeName).map(Zones::zoneOf).orElse(nodeName);
            throw OfflineInputException.nodeWithoutDatabase(p.namespace() + "/" + p.name(), nodeName, zone);
        });
    }
}
