package ovntrace.lib.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.CustomResource;
import ovntrace.lib.cluster.KubePod;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.trace.TraceResult;

/**
 * The reads behind an attribution, all read-only: the Northbound ACL rows of the nodes whose traces show a policy ACL
 * deciding ({@link AclLookup}), then the policy objects those ACLs belong to from the Kubernetes API. A read that
 * fails (404, a CRD not installed, 403) is recorded as such, never thrown: the attribution still names the policy
 * from the ACL and says it could not read it.
 */
public final class PolicyLookup {

    private static final ObjectMapper TREES = new ObjectMapper();

    private PolicyLookup() {}

    public static Attributions attribute(TraceResult result, PodExec exec, ClusterApi api, Duration timeout) {
        AclDirectory acls = AclLookup.forDecisions(result, exec, timeout);
        PolicyObjects objects = PolicyObjects.NONE;
        for (PolicyObjects.Ref ref : Attributions.wanted(result, acls)) objects = objects.with(ref, read(api, ref));
        return Attributions.of(result, acls, objects);
    }

    static PolicyObjects.Fetched read(ClusterApi api, PolicyObjects.Ref ref) {
        String ns = ref.namespace(), name = ref.name();
        return switch (ref.kind()) {
            case NETWORK_POLICY -> one(() -> api.networkPolicy(ns, name));
            case NETWORK_POLICIES_IN_NAMESPACE -> fetch(() -> api.networkPolicies(ns).stream().map(PolicyLookup::tree).toList());
            case ADMIN_NETWORK_POLICY -> one(() -> api.customResource(CustomResource.ADMIN_NETWORK_POLICY, "", name));
            case BASELINE_ADMIN_NETWORK_POLICY ->
                    one(() -> api.customResource(CustomResource.BASELINE_ADMIN_NETWORK_POLICY, "", name));
            case EGRESS_FIREWALL -> one(() -> api.customResource(CustomResource.EGRESS_FIREWALL, ns, name));
            case POD -> fetch(() -> api.pod(ns, name).map(PolicyLookup::metadata).stream().toList());
            case NAMESPACE -> one(() -> api.namespace(name));
        };
    }

    private static PolicyObjects.Fetched one(Supplier<? extends Optional<?>> read) {
        return fetch(() -> read.get().map(o -> List.of(tree(o))).orElse(List.of()));
    }

    private static PolicyObjects.Fetched fetch(Supplier<List<Map<String, Object>>> read) {
        try {
            return PolicyObjects.Fetched.of(read.get());
        } catch (RuntimeException e) {
            // a TraceError says what to do at length after a ';'; here the first clause is enough
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return PolicyObjects.Fetched.failed(why.contains(";") ? why.substring(0, why.indexOf(';')) : why);
        }
    }

    /**
     * A pod as the part of the API's tree an attribution reads: its metadata, whose labels a podSelector matches. A
     * KubePod is not the API's shape: converted as it is, its labels would not be where a podSelector looks for them.
     */
    private static Map<String, Object> metadata(KubePod pod) {
        return Map.of("metadata", Map.of("namespace", pod.namespace(), "name", pod.name(), "labels", pod.labels()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object apiObject) {
        return TREES.convertValue(apiObject, Map.class);
    }
}
