package ovntrace.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ovntrace.kubesim.ApiRequest;

/**
 * A tiny RBAC authorizer for tests: the rules of an RBAC manifest that its bindings grant, and whether they allow
 * an {@link ApiRequest}. Like Kubernetes' own: a ClusterRole bound by a ClusterRoleBinding applies everywhere, a
 * Role (or ClusterRole) bound by a RoleBinding only in the binding's namespace; a rule allows a request when its
 * verbs, apiGroups, resources (with subresource, {@code pods/exec}) and resourceNames all match, {@code *} matching
 * anything; non-resource URLs only through ClusterRoles. Subjects are not checked: the manifest binds one.
 */
public final class RbacRules {

    /** A granted rule and the namespace it is limited to (empty: every namespace and the cluster scope). */
    public record Grant(PolicyRule rule, String namespace, String from) {}

    private final List<Grant> grants;

    private RbacRules(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public List<Grant> grants() {
        return grants;
    }

    /** Reads a multi-document manifest such as the repository's {@code rbac.yaml}. */
    public static RbacRules load(Path manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        try (InputStream in = Files.newInputStream(manifest)) {
            Object parsed = Serialization.unmarshal(in);
            if (parsed instanceof List<?> list) {
                list.forEach(o -> objects.add((HasMetadata) o));
            } else if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else {
                objects.add((HasMetadata) parsed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b) {
                clusterRole(objects, b.getRoleRef().getName()).getRules()
                        .forEach(r -> grants.add(new Grant(r, "", "ClusterRole " + b.getRoleRef().getName())));
            } else if (o instanceof RoleBinding b) {
                String ns = b.getMetadata().getNamespace();
                List<PolicyRule> rules = b.getRoleRef().getKind().equals("ClusterRole")
                        ? clusterRole(objects, b.getRoleRef().getName()).getRules()
                        : role(objects, b.getRoleRef().getName(), ns).getRules();
                rules.forEach(r -> grants.add(new Grant(r, ns, b.getRoleRef().getKind() + " " + ns + "/" + b.getRoleRef().getName())));
            }
        }
        return new RbacRules(grants);
    }

    /** The grant that allows {@code request}, if any. */
    public Optional<Grant> allowing(ApiRequest request) {
        return grants.stream().filter(g -> allows(g, request)).findFirst();
    }

    public boolean allows(ApiRequest request) {
        return allowing(request).isPresent();
    }

    private static boolean allows(Grant g, ApiRequest r) {
        PolicyRule rule = g.rule();
        if (!matches(rule.getVerbs(), r.verb().rbacName())) {
            return false;
        }
        if (r.nonResource()) {
            return g.namespace().isEmpty() && rule.getNonResourceURLs() != null && rule.getNonResourceURLs().stream()
                    .anyMatch(u -> u.equals(r.resource()) || u.endsWith("*") && r.resource().startsWith(u.substring(0, u.length() - 1)));
        }
        boolean inScope = g.namespace().isEmpty() || g.namespace().equals(r.namespace());
        boolean named = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                || rule.getResourceNames().contains(r.name());
        return inScope && named && matches(rule.getApiGroups(), r.apiGroup())
                && matches(rule.getResources(), r.rbacResource());
    }

    private static boolean matches(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }

    private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
        return objects.stream().filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(name))
                .map(ClusterRole.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a binding names ClusterRole " + name + ", which is not in the manifest"));
    }

    private static Role role(List<HasMetadata> objects, String name, String namespace) {
        return objects.stream().filter(o -> o instanceof Role && o.getMetadata().getName().equals(name)
                        && namespace.equals(o.getMetadata().getNamespace()))
                .map(Role.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a binding names Role " + namespace + "/" + name + ", which is not in the manifest"));
    }
}
