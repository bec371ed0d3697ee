package ovntrace.lib.fanout;

import java.util.List;
import java.util.OptionalInt;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;

/**
 * A matrix as the user asked for it, validated: which pods are the rows, what the columns are, and the traffic.
 * {@code port} is empty when no port was given: a Service with every endpoint then gets a column per Service port of
 * the protocol, anything else upstream's default port 80. {@code families} holds one family, or both for a dual-stack
 * run: every pair is then traced once per family, the families' columns side by side. {@code detrace} says which cells
 * run ovn-detrace.
 */
public record MatrixSpec(Pods sources, Destinations destinations, Protocol protocol, OptionalInt port,
                         List<AddressFamily> families, Detrace detrace, int maxCells) {

    /**
     * Which cells run ovn-detrace. It is most of a cell's cost on a large cluster (each answer looks up every cookie of
     * an ofproto/trace in the southbound tables), and what it adds is the attribution of a drop; a cell that passes
     * is judged by its ovn-trace and ofproto/trace steps. So by default a cell runs without it and only a cell that
     * does not pass is traced again with it.
     */
    public enum Detrace {
        /** Every cell, as a single trace does (--detrace-all; offline, where ovn-detrace is "not available" anyway). */
        EVERY_CELL,
        /** Cells that do not pass, traced again with ovn-detrace: the default. */
        CELLS_NOT_PASSED,
        /** None (-skip-detrace). */
        NONE
    }

    public MatrixSpec {
        families = List.copyOf(families);
        if (families.isEmpty()) throw new IllegalArgumentException("a matrix traces at least one address family");
    }

    /**
     * The same matrix traced from gathered databases: no cell is traced again for ovn-detrace, which needs a live node
     * (every cell's ovn-detrace steps say "not available offline", as a single trace's do).
     */
    public MatrixSpec offline() {
        return detrace == Detrace.CELLS_NOT_PASSED
                ? new MatrixSpec(sources, destinations, protocol, port, families, Detrace.EVERY_CELL, maxCells) : this;
    }

    /** The family the destinations are resolved in (a Service's endpoints): the first one asked for. */
    public AddressFamily family() {
        return families.get(0);
    }

    public boolean dual() {
        return families.size() > 1;
    }

    /** Upstream's default destination port. */
    public static final int DEFAULT_PORT = 80;
    public static final int DEFAULT_MAX_CELLS = 400;

    /** One pod by name, or every pod of a namespace a label selector picks. */
    public sealed interface Pods {

        String namespace();

        record Named(PodRef pod) implements Pods {
            @Override
            public String namespace() {
                return pod.namespace();
            }
        }

        record Selected(String namespace, LabelSelector selector) implements Pods {}
    }

    /** The columns: pods, one Service (its chosen backend, or every ready endpoint and port), or an outside IP. */
    public sealed interface Destinations {

        record ToPods(Pods pods) implements Destinations {}

        record ToService(PodRef service, boolean allEndpoints) implements Destinations {}

        record ToIp(String address) implements Destinations {}
    }

    /** The port a column without a Service port of its own is traced to. */
    public int portOrDefault() {
        return port.orElse(DEFAULT_PORT);
    }
}
