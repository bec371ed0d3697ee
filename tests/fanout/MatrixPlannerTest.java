package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.lib.fanout.Cell.Member;
import ovntrace.lib.trace.TraceRequest.Target;

/** Rows × columns → cells: every Service endpoint and port, the cap, and the request each cell traces. */
class MatrixPlannerTest {

    static final PodRef API = new PodRef("shop", "api");
    static final List<Member> FRONTS = List.of(Cells.pod("front-0", "n1"), Cells.pod("front-1", "n2"));
    static final List<Member> BACKENDS = List.of(Cells.pod("api-0", "n1"), Cells.pod("api-1", "n3"));

    @Test
    void two_frontends_to_every_endpoint_and_both_service_ports_make_eight_cells_row_by_row() {
        List<Column> columns = MatrixPlanner.serviceColumns(API, BACKENDS, List.of(80, 8443), OptionalInt.empty(), Protocol.TCP);
        List<Cell> cells = MatrixPlanner.plan(Cells.spec(400), FRONTS, columns);
        assertEquals(8, cells.size());
        Cell first = cells.get(0), last = cells.get(7);
        assertEquals("shop/front-0 → svc shop/api → api-0:80/TCP", first.label());
        assertEquals("shop/front-1 → svc shop/api → api-1:8443/TCP", last.label());
        assertEquals(new Target.Service(API, new PodRef("shop", "api-1")), last.request().target(), "the endpoint is pinned");
        assertEquals(8443, last.request().dstPort());
        assertEquals(java.util.Set.of("n2", "n3"), last.nodes());
        assertEquals("cell-1-3", last.id());
    }

    @Test
    void an_explicit_port_keeps_that_service_port_only() {
        List<Column> columns = MatrixPlanner.serviceColumns(API, BACKENDS, List.of(80, 8443), OptionalInt.of(8443), Protocol.TCP);
        assertEquals(List.of(8443, 8443), columns.stream().map(Column::port).toList());
    }

    @Test
    void a_port_the_service_does_not_expose_is_refused_with_its_ports() {
        TraceError e = assertThrows(TraceError.class,
                () -> MatrixPlanner.serviceColumns(API, BACKENDS, List.of(80, 8443), OptionalInt.of(81), Protocol.TCP));
        assertTrue(e.getMessage().contains("does not expose TCP port 81; its TCP ports are 80, 8443"), e.getMessage());
    }

    @Test
    void a_service_without_ready_endpoints_is_an_error_not_an_empty_matrix() {
        TraceError e = assertThrows(TraceError.class,
                () -> MatrixPlanner.serviceColumns(API, List.of(), List.of(80), OptionalInt.empty(), Protocol.TCP));
        assertTrue(e.getMessage().contains("no ready endpoint"), e.getMessage());
    }

    @Test
    void more_cells_than_the_cap_is_a_usage_error_that_says_how_many_and_what_to_do() {
        List<Column> columns = MatrixPlanner.serviceColumns(API, BACKENDS, List.of(80, 8443), OptionalInt.empty(), Protocol.TCP);
        TraceError e = assertThrows(TraceError.class, () -> MatrixPlanner.plan(Cells.spec(7), FRONTS, columns));
        assertEquals(TraceError.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("8 cells (2 sources × 4 destinations)"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-cells 7") && e.getMessage().contains("narrow the selector"), e.getMessage());
        assertNotNull(MatrixPlanner.plan(Cells.spec(8), FRONTS, columns), "exactly the cap is fine");
    }

    @Test
    void pod_columns_share_the_port() {
        List<Cell> cells = MatrixPlanner.plan(Cells.spec(400), FRONTS, MatrixPlanner.podColumns(BACKENDS, 5432));
        assertEquals(4, cells.size());
        assertEquals("shop/front-0 → shop/api-1:5432/TCP", cells.get(1).label());
        assertEquals(new Target.Pod(new PodRef("shop", "api-1")), cells.get(1).request().target());
    }

    @Test
    void a_dual_stack_run_traces_every_pair_in_both_families_side_by_side() {
        List<Cell> cells = MatrixPlanner.plan(Cells.spec(400, List.of(AddressFamily.IP4, AddressFamily.IP6)), FRONTS.subList(0, 1),
                MatrixPlanner.podColumns(BACKENDS, 5432));
        assertEquals(4, cells.size(), "two destinations, each once per family");
        assertEquals(List.of(AddressFamily.IP4, AddressFamily.IP6, AddressFamily.IP4, AddressFamily.IP6),
                cells.stream().map(c -> c.request().family()).toList());
        assertEquals("shop/front-0 → shop/api-0:5432/TCP IPv6", cells.get(1).label());
        assertEquals("shop/api-0:5432 IPv4", cells.get(0).destination().heading());
        assertEquals(cells.get(0).request().target(), cells.get(1).request().target(), "one destination, two families");
        assertEquals("cell-0-1", cells.get(1).id(), "each family its own column");
    }

    @Test
    void a_single_family_run_keeps_its_labels_unchanged() {
        List<Cell> cells = MatrixPlanner.plan(Cells.spec(400, List.of(AddressFamily.IP6)), FRONTS.subList(0, 1),
                MatrixPlanner.podColumns(BACKENDS, 5432));
        assertEquals(2, cells.size());
        assertEquals("shop/front-0 → shop/api-0:5432/TCP", cells.get(0).label());
        assertEquals(AddressFamily.IP6, cells.get(0).request().family());
    }

    @Test
    void by_default_a_cell_runs_without_ovn_detrace_and_holds_the_same_trace_with_it_for_when_it_does_not_pass() {
        List<Column> columns = MatrixPlanner.podColumns(BACKENDS, 80);
        Cell byDefault = MatrixPlanner.plan(Cells.spec(MatrixSpec.Detrace.CELLS_NOT_PASSED), FRONTS, columns).get(0);
        assertTrue(byDefault.request().skipDetrace(), "the first trace skips ovn-detrace");
        assertTrue(byDefault.ifNotPassed().isPresent());
        assertEquals(false, byDefault.ifNotPassed().get().skipDetrace());
        assertEquals(byDefault.request().target(), byDefault.ifNotPassed().get().target(), "the same trace, with ovn-detrace");
        Cell every = MatrixPlanner.plan(Cells.spec(MatrixSpec.Detrace.EVERY_CELL), FRONTS, columns).get(0);
        assertEquals(false, every.request().skipDetrace());
        assertTrue(every.ifNotPassed().isEmpty(), "--detrace-all: one trace per cell");
        Cell none = MatrixPlanner.plan(Cells.spec(MatrixSpec.Detrace.NONE), FRONTS, columns).get(0);
        assertTrue(none.request().skipDetrace() && none.ifNotPassed().isEmpty(), "-skip-detrace: none, ever");
        assertEquals(MatrixSpec.Detrace.EVERY_CELL, Cells.spec(MatrixSpec.Detrace.CELLS_NOT_PASSED).offline().detrace(),
                "offline ovn-detrace is not available: no cell is traced again for it");
        assertEquals(MatrixSpec.Detrace.NONE, Cells.spec(MatrixSpec.Detrace.NONE).offline().detrace());
    }
}
