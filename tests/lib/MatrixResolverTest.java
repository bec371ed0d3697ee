package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.EndpointResolver;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.Cell;
import ovntrace.lib.fanout.LabelSelector;
import ovntrace.lib.fanout.MatrixResolver;
import ovntrace.lib.fanout.MatrixSpec;
import ovntrace.lib.fanout.MatrixSpec.Destinations;
import ovntrace.lib.fanout.MatrixSpec.Pods;

/**
 * The matrix's rows and columns from the API (fabric8's mock server holding the documentation example): selectors
 * over a namespace's pods, a Service's ready endpoints and ports, and a trace pinned to one endpoint.
 */
@EnableKubernetesMockClient(crud = true)
class MatrixResolverTest {

    static KubernetesClient client;
    static final PodRef WEB = new PodRef("default", "web");

    @BeforeEach
    void seed() {
        MockCluster.QUIET.getName();
        MockCluster.seed(client, true);
    }

    static MatrixSpec spec(Pods sources, Destinations destinations, Protocol protocol) {
        return new MatrixSpec(sources, destinations, protocol, OptionalInt.empty(), List.of(AddressFamily.IP4), MatrixSpec.Detrace.EVERY_CELL, 400);
    }

    @Test
    void a_selector_picks_the_namespaces_pods_by_label_and_every_ready_endpoint_is_a_column() {
        List<Cell> cells = new MatrixResolver(new FabricClusterApi(client)).cells(spec(
                new Pods.Selected("default", LabelSelector.parse("!app")), new Destinations.ToService(WEB, true), Protocol.TCP));
        // four unlabelled pods (the three fedora pods and host-agent) × the one ready endpoint on port 80/TCP
        assertEquals(4, cells.size());
        assertEquals("default/fedora-deployment-7d49fddf69-chmvh → svc default/web → fedora-deployment-7d49fddf69-t4hqw:80/TCP",
                cells.get(0).label());
        assertEquals(java.util.Set.of("ovn-worker2", "ovn-worker"), cells.get(0).nodes());
    }

    @Test
    void an_empty_selection_is_a_usage_error_naming_namespace_and_selector() {
        TraceError e = assertThrows(TraceError.class, () -> new MatrixResolver(new FabricClusterApi(client)).cells(spec(
                new Pods.Selected("default", LabelSelector.parse("app=nosuch")), new Destinations.ToService(WEB, true), Protocol.TCP)));
        assertEquals(TraceError.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("no pods in namespace default match selector app=nosuch"), e.getMessage());
    }

    @Test
    void the_service_lists_its_ready_endpoints_and_its_ports_per_protocol() {
        EndpointResolver resolver = new EndpointResolver(new FabricClusterApi(client));
        assertEquals(List.of(new PodRef("default", "fedora-deployment-7d49fddf69-t4hqw")), resolver.readyEndpoints(WEB, AddressFamily.IP4),
                "vwjt7 is not ready");
        assertEquals(List.of(80), resolver.ports(WEB, Protocol.UDP));
    }

    @Test
    void a_pinned_endpoint_is_traced_even_when_another_would_be_chosen_and_a_stranger_is_refused() {
        EndpointResolver resolver = new EndpointResolver(new FabricClusterApi(client));
        PodRef vwjt7 = new PodRef("default", "fedora-deployment-7d49fddf69-vwjt7");
        assertEquals(vwjt7, resolver.service(WEB, vwjt7, AddressFamily.IP4, 80, Protocol.TCP).backend());
        assertEquals("fedora-deployment-7d49fddf69-t4hqw", resolver.service(WEB, AddressFamily.IP4, 80, Protocol.TCP).backend().name(),
                "unpinned: the ready one, as before");
        TraceError e = assertThrows(TraceError.class, () -> resolver.service(WEB, new PodRef("default", "host-agent"), AddressFamily.IP4,
                80, Protocol.TCP));
        assertTrue(e.getMessage().contains("pod default/host-agent is not an endpoint of service web"), e.getMessage());
    }
}
