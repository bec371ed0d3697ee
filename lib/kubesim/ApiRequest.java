package ovntrace.kubesim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One request to the API server as its authorizer sees it (Kubernetes' {@code RequestInfo}): a verb, and either a
 * resource ({@code pods}, {@code endpointslices.discovery.k8s.io}) with namespace, name and subresource, or a
 * non-resource URL ({@code /version}, {@code /apis}). One line of the sandbox's request log, written by
 * {@link #line()} and read back by {@link #parse(String)}: {@code VERB RESOURCE NAMESPACE NAME SUBRESOURCE}, fields
 * separated by one space, {@code -} for an empty field; a non-resource request has its URL path as RESOURCE.
 *
 * @param resource plural resource name with its API group after a dot (none for the core group), or the URL path
 *                 of a non-resource request (starts with {@code /})
 * @param namespace empty for cluster-scoped resources, for requests across all namespaces and for non-resource URLs
 */
public record ApiRequest(Verb verb, String resource, String namespace, String name, String subresource) {

    /** Kubernetes' authorization verbs, spelt as in RBAC rules. */
    public enum Verb {
        GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE, DELETECOLLECTION;

        public String rbacName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the request can change the cluster's state. */
        public boolean mutates() {
            return this != GET && this != LIST && this != WATCH;
        }

        static Verb of(String rbacName) {
            return valueOf(rbacName.toUpperCase(Locale.ROOT));
        }
    }

    private static final String NONE = "-";

    public ApiRequest {
        for (String f : List.of(resource, namespace, name, subresource)) {
            if (f.contains(" ") || f.equals(NONE)) {
                throw new IllegalArgumentException("not a loggable request field: \"" + f + "\"");
            }
        }
    }

    public boolean nonResource() {
        return resource.startsWith("/");
    }

    /** The resource without its API group: {@code endpointslices} for {@code endpointslices.discovery.k8s.io}. */
    public String plainResource() {
        int dot = resource.indexOf('.');
        return nonResource() || dot < 0 ? resource : resource.substring(0, dot);
    }

    /** The API group, empty for the core group ({@code pods}) and for non-resource URLs. */
    public String apiGroup() {
        int dot = resource.indexOf('.');
        return nonResource() || dot < 0 ? "" : resource.substring(dot + 1);
    }

    /** {@code pods/exec}: the resource name an RBAC rule lists for this request. */
    public String rbacResource() {
        return subresource.isEmpty() ? plainResource() : plainResource() + "/" + subresource;
    }

    public String line() {
        return String.join(" ", verb.rbacName(), dash(resource), dash(namespace), dash(name), dash(subresource));
    }

    /** The inverse of {@link #line()}. */
    public static ApiRequest parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 5) {
            throw new IllegalArgumentException("not a request log line (want 5 fields): " + line);
        }
        return new ApiRequest(Verb.of(f[0]), undash(f[1]), undash(f[2]), undash(f[3]), undash(f[4]));
    }

    /**
     * Classifies an HTTP request as the real API server does: GET on a name is get, on a collection list,
     * {@code watch=true} (or the old {@code /watch/} prefix) watch; POST create, PUT update, PATCH patch, DELETE on a
     * name delete, on a collection deletecollection. pods/exec is create whatever the method: kubectl and client-go
     * POST it, fabric8 GETs a websocket upgrade, and since Kubernetes 1.30 the upgrade is authorized as create too.
     *
     * @param uri path and query, as in the HTTP request line
     */
    public static ApiRequest of(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        List<String> rest;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return new ApiRequest(nonResourceVerb(method), path.isEmpty() ? "/" : path, "", "", "");
        }
        boolean watchPrefix = !rest.isEmpty() && rest.get(0).equals("watch");
        if (watchPrefix) {
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.isEmpty() ? "" : rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String sub = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : "";
        if (resource.isEmpty()) {
            return new ApiRequest(nonResourceVerb(method), path, "", "", "");
        }
        boolean watch = watchPrefix || Arrays.asList(query.split("&")).contains("watch=true")
                || Arrays.asList(query.split("&")).contains("watch=1");
        Verb verb = resource.equals("pods") && sub.equals("exec") ? Verb.CREATE
                : resourceVerb(method.toUpperCase(Locale.ROOT), !name.isEmpty(), watch);
        return new ApiRequest(verb, group.isEmpty() ? resource : resource + "." + group, namespace, name, sub);
    }

    private static Verb resourceVerb(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> watch ? Verb.WATCH : named ? Verb.GET : Verb.LIST;
            case "POST" -> Verb.CREATE;
            case "PUT" -> Verb.UPDATE;
            case "PATCH" -> Verb.PATCH;
            case "DELETE" -> named ? Verb.DELETE : Verb.DELETECOLLECTION;
            default -> throw new IllegalArgumentException("unknown HTTP method " + method);
        };
    }

    /** Non-resource URLs are authorized with the lower-cased HTTP method: GET is get, POST create, and so on. */
    private static Verb nonResourceVerb(String method) {
        return resourceVerb(method.toUpperCase(Locale.ROOT), true, false);
    }

    private static String dash(String field) {
        return field.isEmpty() ? NONE : field;
    }

    private static String undash(String field) {
        return field.equals(NONE) ? "" : field;
    }

    /** A short form for messages: {@code create pods/exec in ovn-kubernetes}. */
    @Override
    public String toString() {
        String what = nonResource() ? resource : (apiGroup().isEmpty() ? "" : apiGroup() + "/") + rbacResource()
                + (name.isEmpty() ? "" : " " + name);
        return verb.rbacName() + " " + what + (namespace.isEmpty() ? "" : " in " + namespace);
    }
}
