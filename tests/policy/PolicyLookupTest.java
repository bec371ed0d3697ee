package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.KubePod;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.policy.PolicyObjects.Kind;
import ovntrace.lib.policy.PolicyObjects.Ref;

/**
 * The API reads behind an attribution: an object becomes a plain tree, a missing one (no such object, no CRD: the
 * API answers 404) is not there, a forbidden one is kept with the first clause of why; none of them throws.
 */
class PolicyLookupTest {

    /** Answers the few reads an attribution makes; any other is a test error. */
    private static ClusterApi api(Map<String, Object> answers) {
        return (ClusterApi) Proxy.newProxyInstance(ClusterApi.class.getClassLoader(), new Class<?>[] {ClusterApi.class},
                (proxy, method, args) -> {
                    Object answer = answers.get(method.getName());
                    if (answer instanceof RuntimeException e) throw e;
                    if (answer == null) throw new AssertionError("unexpected read " + method.getName());
                    return answer;
                });
    }

    @Test
    void a_networkpolicy_is_read_as_a_tree() {
        var np = new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("api-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "api").endPodSelector().endSpec().build();
        PolicyObjects.Fetched f = PolicyLookup.read(api(Map.of("networkPolicy", Optional.of(np))),
                new Ref(Kind.NETWORK_POLICY, "shop", "api-ingress"));
        assertEquals("", f.error());
        assertEquals(Map.of("app", "api"), Trees.map(Trees.map(Trees.map(f.items().get(0), "spec"), "podSelector"), "matchLabels"));
    }

    @Test
    void an_adminnetworkpolicy_is_read_from_its_custom_resource_and_a_missing_one_is_just_absent() {
        var anp = new GenericKubernetesResourceBuilder().withApiVersion("policy.networking.k8s.io/v1alpha1")
                .withKind("AdminNetworkPolicy").withNewMetadata().withName("deny-dev-to-db").endMetadata()
                .addToAdditionalProperties("spec", Map.of("priority", 10)).build();
        PolicyObjects.Fetched f = PolicyLookup.read(api(Map.of("customResource", Optional.of(anp))),
                new Ref(Kind.ADMIN_NETWORK_POLICY, "", "deny-dev-to-db"));
        assertEquals(10, Trees.map(f.items().get(0), "spec").get("priority"));
        PolicyObjects.Fetched none = PolicyLookup.read(api(Map.of("customResource", Optional.empty())),
                new Ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, "", "default"));
        assertEquals(new PolicyObjects.Fetched(List.of(), ""), none);
        assertEquals("not found", PolicyObjects.NONE.with(new Ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, "", "default"), none)
                .missing(new Ref(Kind.BASELINE_ADMIN_NETWORK_POLICY, "", "default")));
    }

    @Test
    void a_pod_is_read_with_its_labels_where_a_podselector_looks_for_them() {
        // the default deny names the policies isolating the pod by matching their podSelectors against these labels
        var pod = new KubePod("shop", "api-0", Map.of("app", "api"), Map.of(), "ovn-worker", false, List.of("api"),
                List.of("10.244.1.5"), "Running");
        PolicyObjects.Fetched f = PolicyLookup.read(api(Map.of("pod", Optional.of(pod))), new Ref(Kind.POD, "shop", "api-0"));
        assertEquals(1, f.items().size());
        assertEquals(Map.of("app", "api"), Trees.labels(f.items().get(0)));
        assertEquals("api-0", Trees.text(Trees.map(f.items().get(0), "metadata"), "name"));
        var np = new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("api-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "api").endPodSelector().endSpec().build();
        List<Map<String, Object>> policies = PolicyLookup.read(api(Map.of("networkPolicies", List.of(np))),
                new Ref(Kind.NETWORK_POLICIES_IN_NAMESPACE, "shop", "")).items();
        assertEquals(List.of(new LegPolicy.PolicyRef("shop", "api-ingress")),
                Selectors.isolating(policies, Trees.labels(f.items().get(0)), Direction.INGRESS));
    }

    @Test
    void a_forbidden_read_is_recorded_not_thrown() {
        PolicyObjects.Fetched f = PolicyLookup.read(api(Map.of("networkPolicies", new TraceError(
                "forbidden: the current user may not list networkpolicies.networking.k8s.io in namespace shop; ovntrace needs ..."))),
                new Ref(Kind.NETWORK_POLICIES_IN_NAMESPACE, "shop", ""));
        assertTrue(f.items().isEmpty());
        assertEquals("forbidden: the current user may not list networkpolicies.networking.k8s.io in namespace shop", f.error());
    }
}
