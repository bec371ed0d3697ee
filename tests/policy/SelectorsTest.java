package ovntrace.lib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovntrace.lib.policy.LegPolicy.PolicyRef;

/** Label selectors and which NetworkPolicies isolate a pod, as Kubernetes defines them. */
class SelectorsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) throws Exception {
        return new YAMLMapper().readValue(text, Map.class);
    }

    private static final Map<String, String> API = Map.of("app", "api", "tier", "backend");

    @Test
    void match_labels_and_every_expression_operator_must_all_hold() throws Exception {
        assertTrue(Selectors.matches(yaml("{}"), API), "an empty selector selects every pod");
        assertTrue(Selectors.matches(yaml("{matchLabels: {app: api}}"), API));
        assertFalse(Selectors.matches(yaml("{matchLabels: {app: api, tier: frontend}}"), API));
        assertTrue(Selectors.matches(yaml("{matchExpressions: [{key: app, operator: In, values: [api, web]}]}"), API));
        assertFalse(Selectors.matches(yaml("{matchExpressions: [{key: tier, operator: NotIn, values: [backend]}]}"), API));
        assertTrue(Selectors.matches(yaml("{matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}"), API),
                "NotIn holds for a pod without the label");
        assertTrue(Selectors.matches(yaml("{matchExpressions: [{key: tier, operator: Exists}]}"), API));
        assertFalse(Selectors.matches(yaml("{matchExpressions: [{key: tier, operator: DoesNotExist}]}"), API));
        assertFalse(Selectors.matches(yaml("{matchLabels: {app: api}, matchExpressions: [{key: env, operator: Exists}]}"), API));
    }

    @Test
    void policy_types_default_to_ingress_plus_egress_when_there_are_egress_rules() throws Exception {
        List<Map<String, Object>> policies = List.of(
                yaml("{metadata: {namespace: shop, name: plain}, spec: {podSelector: {}}}"),
                yaml("{metadata: {namespace: shop, name: with-egress}, spec: {podSelector: {}, egress: [{}]}}"),
                yaml("{metadata: {namespace: shop, name: egress-only}, spec: {podSelector: {}, policyTypes: [Egress]}}"),
                yaml("{metadata: {namespace: shop, name: other-pods}, spec: {podSelector: {matchLabels: {app: web}}}}"));
        assertEquals(List.of(new PolicyRef("shop", "plain"), new PolicyRef("shop", "with-egress")),
                Selectors.isolating(policies, API, Direction.INGRESS));
        assertEquals(List.of(new PolicyRef("shop", "egress-only"), new PolicyRef("shop", "with-egress")),
                Selectors.isolating(policies, API, Direction.EGRESS));
    }

    @Test
    void selectors_read_as_kubectl_would_print_them() throws Exception {
        assertEquals("env=dev, tier In (a,b), team, !legacy", Selectors.text(yaml("{matchLabels: {env: dev}, matchExpressions: ["
                + "{key: tier, operator: In, values: [a, b]}, {key: team, operator: Exists}, {key: legacy, operator: DoesNotExist}]}")));
        assertEquals("all", Selectors.text(yaml("{}")));
    }
}
