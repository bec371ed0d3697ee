package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which cell starts next, stepped by hand: no threads, no clock. */
class ScheduleTest {

    final Cell a = Cells.cell(0, "n1", "n2"), b = Cells.cell(1, "n1", "n3"), c = Cells.cell(2, "n3", "n4"), d = Cells.cell(3, "n5", "n5");

    @Test
    void with_one_permit_per_node_a_cell_waits_for_the_node_it_shares_and_later_cells_go_first() {
        Schedule s = new Schedule(List.of(a, b, c), 4, 1);
        assertEquals(Optional.of(a), s.take());
        assertEquals(Optional.of(c), s.take(), "b waits for n1; c uses nodes no one holds");
        assertEquals(Optional.empty(), s.take(), "b needs n1 (a) and n3 (c)");
        s.done(a);
        assertEquals(Optional.empty(), s.take(), "n1 is free, n3 still held by c: permits are taken all at once or not at all");
        assertEquals(0, s.inUse("n1"), "nothing half-taken");
        s.done(c);
        assertEquals(Optional.of(b), s.take());
        assertFalse(s.hasPending());
    }

    @Test
    void two_permits_per_node_let_two_cells_share_a_node_but_not_three() {
        Cell e = Cells.cell(4, "n1", "n6");
        Schedule s = new Schedule(List.of(a, b, e), 8, 2);
        assertEquals(Optional.of(a), s.take());
        assertEquals(Optional.of(b), s.take());
        assertEquals(2, s.inUse("n1"));
        assertEquals(Optional.empty(), s.take(), "a third cell on n1 waits");
        s.done(b);
        assertEquals(Optional.of(e), s.take());
    }

    @Test
    void parallel_bounds_the_cells_in_flight_whatever_the_nodes() {
        Schedule s = new Schedule(List.of(a, c, d), 2, 8);
        assertTrue(s.take().isPresent());
        assertTrue(s.take().isPresent());
        assertEquals(Optional.empty(), s.take());
        assertEquals(2, s.inFlight());
        s.done(a);
        assertEquals(Optional.of(d), s.take());
    }

    @Test
    void a_cell_on_one_node_takes_one_permit_for_it() {
        Schedule s = new Schedule(List.of(d), 1, 1);
        assertEquals(Optional.of(d), s.take());
        assertEquals(1, s.inUse("n5"));
        s.done(d);
        assertEquals(0, s.inUse("n5"));
    }

    @Test
    void a_stop_drains_the_cells_not_started() {
        Schedule s = new Schedule(List.of(a, b, c), 1, 1);
        s.take();
        assertEquals(List.of(b, c), s.drain());
        assertFalse(s.hasPending());
    }
}
