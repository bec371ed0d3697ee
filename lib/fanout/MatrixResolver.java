package ovntrace.lib.fanout;

import java.util.Comparator;
import java.util.List;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.EndpointResolver;
import ovntrace.lib.cluster.KubePod;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.lib.fanout.Cell.Member;
import ovntrace.lib.fanout.MatrixSpec.Destinations;
import ovntrace.lib.fanout.MatrixSpec.Pods;

/** The matrix's rows and columns as the API shows them: read-only pod and Service reads, then the pure planner. */
public final class MatrixResolver {

    private final ClusterApi api;

    public MatrixResolver(ClusterApi api) {
        this.api = api;
    }

    /** Resolves the spec and plans its cells (refusing an empty selection or too many cells). */
    public List<Cell> cells(MatrixSpec spec) {
        List<Member> rows = members(spec.sources(), "-src-selector");
        List<Column> columns;
        if (spec.destinations() instanceof Destinations.ToPods d) {
            columns = MatrixPlanner.podColumns(members(d.pods(), "-dst-selector"), spec.portOrDefault());
        } else if (spec.destinations() instanceof Destinations.ToService s && s.allEndpoints()) {
            if (api.service(s.service().namespace(), s.service().name()).isEmpty()) {
                throw new TraceError("Failed to get information from service " + s.service().name() + ": service "
                        + s.service().name() + " in namespace " + s.service().namespace() + " not found (check -service and -dst-namespace)");
            }
            EndpointResolver endpoints = new EndpointResolver(api);
            List<Member> backends = endpoints.readyEndpoints(s.service(), spec.family()).stream().map(this::member).toList();
            columns = MatrixPlanner.serviceColumns(s.service(), backends, endpoints.ports(s.service(), spec.protocol()),
                    spec.port(), spec.protocol());
        } else if (spec.destinations() instanceof Destinations.ToService s) {
            columns = List.of(Column.service(s.service(), null, spec.portOrDefault()));
        } else {
            columns = List.of(Column.ip(((Destinations.ToIp) spec.destinations()).address(), spec.portOrDefault()));
        }
        return MatrixPlanner.plan(spec, rows, columns);
    }

    /** A named pod as it is (the trace reports it if it is missing), or the pods the selector picks, by name. */
    List<Member> members(Pods pods, String flag) {
        if (pods instanceof Pods.Named n) return List.of(member(n.pod()));
        Pods.Selected s = (Pods.Selected) pods;
        List<Member> found = api.pods(s.namespace()).stream()
                .filter(p -> s.selector().matches(p.labels()))
                .map(p -> new Member(new PodRef(s.namespace(), p.name()), node(p)))
                .sorted(Comparator.comparing(m -> m.pod().name())).toList();
        if (found.isEmpty()) {
            throw new TraceError("no pods in namespace " + s.namespace() + " match selector " + s.selector()
                    + " (check " + flag + " and " + flag.replace("selector", "namespace") + "); nothing was run", TraceError.USAGE, null);
        }
        return found;
    }

    private Member member(PodRef pod) {
        return new Member(pod, api.pod(pod.namespace(), pod.name()).map(MatrixResolver::node).orElse(null));
    }

    private static String node(KubePod p) {
        return p.scheduled() ? p.nodeName() : null;
    }
}
