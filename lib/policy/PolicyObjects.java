package ovntrace.lib.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes objects an attribution reads, as plain JSON trees (maps, lists, strings, numbers), read once and
 * looked up by reference, so everything that reasons about them is a pure function. An object that could not be read
 * (no such object, its CRD not installed, forbidden) is kept with the reason: the attribution still names the policy
 * from the ACL and says why it could not quote it.
 */
public record PolicyObjects(Map<Ref, Fetched> objects) {

    public static final PolicyObjects NONE = new PolicyObjects(Map.of());

    public enum Kind {
        NETWORK_POLICY, NETWORK_POLICIES_IN_NAMESPACE, ADMIN_NETWORK_POLICY, BASELINE_ADMIN_NETWORK_POLICY,
        EGRESS_FIREWALL, POD, NAMESPACE
    }

    /** An object (or, for {@link Kind#NETWORK_POLICIES_IN_NAMESPACE}, a list) by namespace and name. */
    public record Ref(Kind kind, String namespace, String name) {}

    /** The objects read (one, or a list's items; none when absent), or why they could not be read. */
    public record Fetched(List<Map<String, Object>> items, String error) {
        public Fetched {
            items = List.copyOf(items);
        }

        public static Fetched of(List<Map<String, Object>> items) {
            return new Fetched(items, "");
        }

        public static Fetched failed(String why) {
            return new Fetched(List.of(), why);
        }
    }

    public PolicyObjects {
        objects = Map.copyOf(objects);
    }

    public Optional<Fetched> get(Ref ref) {
        return Optional.ofNullable(objects.get(ref));
    }

    /** The one object, if it was read. */
    public Optional<Map<String, Object>> one(Ref ref) {
        return get(ref).filter(f -> !f.items().isEmpty()).map(f -> f.items().get(0));
    }

    /** Why {@code ref} is not there to quote: the read's error, "not found", or "not read". */
    public String missing(Ref ref) {
        return get(ref).map(f -> f.error().isEmpty() ? "not found" : f.error()).orElse("not read");
    }

    public PolicyObjects with(Ref ref, Fetched fetched) {
        Map<Ref, Fetched> all = new LinkedHashMap<>(objects);
        all.put(ref, fetched);
        return new PolicyObjects(all);
    }
}
