package ovntrace.ovn;

import static ovntrace.ovn.NbTxn.kv;
import static ovntrace.ovn.NbTxn.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ovntrace.topology.PodSpec;

/**
 * Writes policy rows into NB transactions the way ovn-kubernetes' libovsdb helpers build them: ACLs (name cropped
 * to 63 characters, external_ids, {@code apply-after-lb} for egress, the tier when the schema has tiers), port
 * groups of the zone's own pods and address sets of the whole cluster's. One writer per zone, so that the
 * {@code @aclN} row names it hands out are unique across the zone's transactions.
 */
final class AclWriter {

    /** The tier ovn-kubernetes gives every ACL it does not give to an (Baseline)AdminNetworkPolicy. */
    static final int DEFAULT_TIER = 2;

    private final Zone zone;
    private final boolean tiers;
    private int counter;

    AclWriter(Zone zone, boolean tiers) {
        this.zone = zone;
        this.tiers = tiers;
    }

    boolean tiers() {
        return tiers;
    }

    /** An ACL's fields other than its name and external_ids. */
    record Acl(Direction direction, int priority, String match, String action, int tier) {
        Acl(Direction direction, int priority, String match, String action) {
            this(direction, priority, match, action, DEFAULT_TIER);
        }
    }

    /** Ingress ACLs are to-lport; egress ACLs from-lport, applied after load balancing. */
    enum Direction {
        INGRESS("to-lport", false), EGRESS("from-lport", true);

        final String ovn;
        final boolean afterLb;

        Direction(String ovn, boolean afterLb) {
            this.ovn = ovn;
            this.afterLb = afterLb;
        }
    }

    /** Creates the ACL and adds it to port group {@code portGroup}'s acls. */
    void acl(NbTxn t, String name, Acl acl, String ownerType, Map<String, String> keys, String portGroup) {
        t.add("add", "port_group", portGroup, "acls", create(t, name, acl, ownerType, keys));
    }

    /** Creates the ACL (no name when {@code name} is empty) and returns its {@code @aclN} row name. */
    String create(NbTxn t, String name, Acl acl, String ownerType, Map<String, String> keys) {
        String id = "@acl" + counter++;
        List<String> a = new ArrayList<>(List.of("--id=" + id, "create", "acl"));
        if (!name.isEmpty()) {
            a.add("name=" + q(name.length() > 63 ? name.substring(0, 63) : name));
        }
        a.addAll(List.of("direction=" + acl.direction().ovn, "priority=" + acl.priority(), "match=" + q(acl.match()),
                "action=" + acl.action(), "log=false"));
        if (tiers) {
            a.add("tier=" + acl.tier());
        }
        OvnNames.ids(ownerType, keys).forEach((k, v) -> a.add(kv("external_ids", k, v)));
        if (acl.direction().afterLb) {
            a.add(kv("options", "apply-after-lb", "true"));
        }
        t.add(a.toArray(String[]::new));
        return id;
    }

    /** A port group of the zone's own (OVN-attached) pods among {@code pods}. */
    void portGroup(NbTxn t, String name, List<PodSpec> pods, String ownerType, Map<String, String> keys) {
        List<String> a = new ArrayList<>(List.of("pg-add", name));
        pods.stream().filter(p -> !p.hostNetwork() && zone.serves(p.node())).map(PodSpec::logicalPort).forEach(a::add);
        t.add(a.toArray(String[]::new)).add(externalIds("port_group", name, ownerType, keys));
    }

    /**
     * An address set of {@code pods}' addresses, wherever in the cluster they run: their IPv6 ones when the keys
     * say {@code ip-family=v6} (ovn-kubernetes keeps one set per family, told apart by that key), else IPv4.
     */
    void addressSet(NbTxn t, String name, List<PodSpec> pods, String ownerType, Map<String, String> keys) {
        boolean v6 = "v6".equals(keys.get("ip-family"));
        t.add("create", "address_set", "name=" + name, "addresses=[" + pods.stream().filter(p -> !p.hostNetwork())
                        .map(p -> v6 ? p.ip6() : p.ip()).filter(ip -> ip != null).map(NbTxn::q)
                        .collect(Collectors.joining(",")) + "]")
         .add(externalIds("address_set", name, ownerType, keys));
    }

    private static String[] externalIds(String table, String row, String ownerType, Map<String, String> keys) {
        List<String> a = new ArrayList<>(List.of("set", table, row));
        OvnNames.ids(ownerType, keys).forEach((k, v) -> a.add(kv("external_ids", k, v)));
        return a.toArray(String[]::new);
    }

    /** external_ids keys in the order given: {@code ordered("k8s.ovn.org/name", ns, "direction", "Ingress")}. */
    static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
