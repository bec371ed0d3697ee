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
 * run: every pair is then traced once per family, the families' columns side by side.
 */
public record MatrixSpec(Pods sources, Destinations destinations, Protocol protocol, OptionalInt port,
                         List<AddressFamily> families, boolean skipDetrace, int maxCells) {

    public MatrixSpec {
        families = List.copyOf(families);
        if (families.isEmpty()) throw new IllegalArgumentException("a matrix traces at least one address family");
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
