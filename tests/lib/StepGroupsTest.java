package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.exec.StepGroups;
import ovntrace.lib.trace.PlannedStep;
import ovntrace.lib.trace.Plan;

/** Which steps share an exec: one per node (ofproto/trace, then ovn-detrace, then the rest), or upstream's order with --fail-fast. */
class StepGroupsTest {

    private final List<PlannedStep> steps = Plan.all(new Plan.Input(DocsSides.src(DocsSides.ic("ovn-worker2")),
            DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, Protocol.UDP, 53, false, false));

    @Test
    void each_node_gets_one_exec_with_ofproto_trace_first_and_ovn_detrace_before_the_rest() {
        // 0 ovn-trace w2, 1 remote w, 2 ovn-trace w, 3 remote w2, 4 ofproto w2, 5 ofproto w, 6 detrace w2, 7 detrace w
        assertEquals(List.of(List.of(4, 6, 0, 3), List.of(5, 7, 1, 2)), indexes(StepGroups.of(steps, false)));
    }

    @Test
    void fail_fast_keeps_upstreams_order_in_runs_of_one_node() {
        assertEquals(List.of(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5), List.of(6), List.of(7)), indexes(StepGroups.of(steps, true)));
    }

    @Test
    void without_ovn_detrace_a_node_needs_one_exec() {
        List<PlannedStep> skip = Plan.all(new Plan.Input(DocsSides.src(DocsSides.ic("ovn-worker2")),
                DocsSides.dst(DocsSides.ic("ovn-worker")), null, null, Protocol.UDP, 53, true, false));
        assertEquals(List.of(List.of(4, 0, 3), List.of(5, 1, 2)), indexes(skip, StepGroups.of(skip, false)));
    }

    /** Groups as positions in the plan, to compare with upstream's order at a glance. */
    private List<List<Integer>> indexes(List<List<PlannedStep>> groups) {
        return indexes(steps, groups);
    }

    private static List<List<Integer>> indexes(List<PlannedStep> plan, List<List<PlannedStep>> groups) {
        return groups.stream().map(g -> g.stream().map(plan::indexOf).toList()).toList();
    }
}
