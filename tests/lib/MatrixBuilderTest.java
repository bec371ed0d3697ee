package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import ovntrace.lib.api.MatrixBuilder;
import ovntrace.lib.api.MatrixOptions;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.MatrixSpec;
import ovntrace.lib.fanout.MatrixSpec.Destinations;
import ovntrace.lib.fanout.MatrixSpec.Pods;

/** The fluent matrix describes what the command line's matrix flags do, and refuses the same mistakes. */
class MatrixBuilderTest {

    private static MatrixBuilder matrix() {
        return MatrixBuilder.on(null);
    }

    @Test
    void frontends_to_every_endpoint_of_a_service_on_every_tcp_port() {
        MatrixSpec spec = matrix().from("shop", "app=front").toService("shop", "api").allEndpoints().tcp().options().validate();
        Pods.Selected sources = (Pods.Selected) spec.sources();
        assertEquals("shop", sources.namespace());
        assertTrue(sources.selector().matches(java.util.Map.of("app", "front")));
        assertEquals(new Destinations.ToService(new PodRef("shop", "api"), true), spec.destinations());
        assertEquals(Protocol.TCP, spec.protocol());
        assertEquals(OptionalInt.empty(), spec.port(), "no port: every Service port of the protocol");
    }

    @Test
    void one_pod_to_selected_pods_on_one_port() {
        MatrixSpec spec = matrix().from("clients/web-0").to("restricted", "app=db").tcp(5432).parallel(8).perNode(1).options().validate();
        assertEquals(new Pods.Named(new PodRef("clients", "web-0")), spec.sources());
        assertEquals(OptionalInt.of(5432), spec.port());
        assertTrue(((Destinations.ToPods) spec.destinations()).pods() instanceof Pods.Selected);
    }

    @Test
    void the_command_lines_mistakes_are_refused_with_its_messages() {
        TraceError noService = assertThrows(TraceError.class, () -> matrix().from("shop", "app=front").to("shop/api-0").allEndpoints().tcp()
                .options().validate());
        assertTrue(noService.getMessage().contains("--all-endpoints"), noService.getMessage());
        assertEquals(TraceError.USAGE, noService.exitCode());
        TraceError parallel = assertThrows(TraceError.class, () -> matrix().from("shop", "app=front").to("shop/api-0").tcp().parallel(0)
                .options().validate());
        assertTrue(parallel.getMessage().contains("--parallel 0"), parallel.getMessage());
        TraceError selector = assertThrows(TraceError.class, () -> matrix().from("shop", "app in (x").to("shop/api-0").tcp()
                .options().validate());
        assertTrue(selector.getMessage().contains("-src-selector"), selector.getMessage());
    }

    @Test
    void one_pod_to_one_pod_in_both_families_is_a_matrix_of_one_pair() {
        MatrixOptions dual = matrix().from("clients/web-0").to("restricted/db-0").tcp(5432).dual().options();
        assertTrue(dual.wanted(), "no selector, but two families: a fan-out");
        MatrixSpec spec = dual.validate();
        assertEquals(java.util.List.of(AddressFamily.IP4, AddressFamily.IP6), spec.families());
        assertEquals(new Pods.Named(new PodRef("restricted", "db-0")), ((Destinations.ToPods) spec.destinations()).pods());
        assertEquals(java.util.List.of(AddressFamily.IP6), matrix().from("clients/web-0").to("restricted/db-0").tcp(5432).ip6()
                .options().validate().families());
    }
}
