package ovntrace.lib.fanout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which cell may start next: at most {@code parallel} in flight, and at most {@code perNode} in flight that exec into
 * any one node, so a large matrix never piles its commands onto one ovnkube-node pod. Pure bookkeeping, not
 * thread-safe: the runner calls it under its lock, and tests step it by hand with no threads and no clock.
 * Permits for a cell's nodes are taken all at once or not at all, so two cells can never hold one node each while
 * waiting for the other's.
 */
public final class Schedule {

    private final List<Cell> pending;
    private final int parallel, perNode;
    private final Map<String, Integer> inUse = new HashMap<>();
    private int inFlight;

    public Schedule(List<Cell> cells, int parallel, int perNode) {
        if (parallel < 1 || perNode < 1) throw new IllegalArgumentException("parallel and perNode must be at least 1");
        this.pending = new ArrayList<>(cells);
        this.parallel = parallel;
        this.perNode = perNode;
    }

    /**
     * The first pending cell, in matrix order, that may start now, with its permits taken; empty when every slot is
     * busy or every pending cell waits for a busy node.
     */
    public Optional<Cell> take() {
        if (inFlight >= parallel) return Optional.empty();
        for (Iterator<Cell> it = pending.iterator(); it.hasNext(); ) {
            Cell c = it.next();
            if (c.nodes().stream().allMatch(n -> inUse.getOrDefault(n, 0) < perNode)) {
                it.remove();
                c.nodes().forEach(n -> inUse.merge(n, 1, Integer::sum));
                inFlight++;
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** {@code cell} finished: its slot and node permits are free again. */
    public void done(Cell cell) {
        cell.nodes().forEach(n -> inUse.merge(n, -1, (a, b) -> a + b == 0 ? null : a + b));
        inFlight--;
    }

    /** Cells in flight that exec into {@code node}. */
    public int inUse(String node) {
        return inUse.getOrDefault(node, 0);
    }

    public int inFlight() {
        return inFlight;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The cells that never started (after a stop), and none pending any more. */
    public List<Cell> drain() {
        List<Cell> left = List.copyOf(pending);
        pending.clear();
        return left;
    }
}
