package ovntrace.lib.api;

import java.util.OptionalInt;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.FanoutRunner;
import ovntrace.lib.fanout.LabelSelector;
import ovntrace.lib.fanout.MatrixSpec;
import ovntrace.lib.fanout.MatrixSpec.Destinations;
import ovntrace.lib.fanout.MatrixSpec.Detrace;
import ovntrace.lib.fanout.MatrixSpec.Pods;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * A matrix as typed: the single trace's options, where a label selector may stand for the source pod or for the
 * destination, and how wide to fan out. {@link #validate()} refuses a bad combination or number with one line and
 * exit 2 before anything is read from the cluster; everything else is checked by the single trace's own rules
 * ({@link TraceOptions#validate()}), with a stand-in name where a selector replaces one.
 */
public record MatrixOptions(TraceOptions trace, String srcSelector, String dstSelector, boolean allEndpoints,
                            boolean portGiven, int maxCells, int parallel, int perNode, boolean detraceAll) {

    /** Stands in for a selector's pods while the rest of the options are validated: any valid name would do. */
    private static final String STAND_IN = "selected-pod";

    public static MatrixOptions of(TraceOptions trace) {
        return new MatrixOptions(trace, "", "", false, false, MatrixSpec.DEFAULT_MAX_CELLS, FanoutRunner.DEFAULT_PARALLEL,
                FanoutRunner.DEFAULT_PER_NODE, false);
    }

    /**
     * Whether a matrix is asked for at all: otherwise the command line is the single trace, unchanged. A dual-stack run
     * ({@code -addr-family dual}) is one too: a trace per family and pair, side by side.
     */
    public boolean wanted() {
        return !srcSelector.isEmpty() || !dstSelector.isEmpty() || allEndpoints || trace.dual();
    }

    public MatrixSpec validate() {
        range("--max-cells", maxCells, 1, 100_000);
        range("--parallel", parallel, 1, FanoutRunner.MAX_PARALLEL);
        range("--per-node", perNode, 1, FanoutRunner.MAX_PER_NODE);
        TraceOptions t = trace;
        if (!srcSelector.isEmpty() && !t.src().isEmpty()) {
            throw usage("-src-selector picks the source pods: give either it or -src, not both");
        }
        boolean dstNamed = !t.dst().isEmpty() || !t.service().isEmpty() || !t.dstIp().isEmpty();
        if (!dstSelector.isEmpty() && dstNamed) {
            throw usage("-dst-selector picks the destination pods: give either it or -dst, -service or -dst-ip, not several");
        }
        if (detraceAll && t.skipDetrace()) {
            throw usage("--detrace-all runs ovn-detrace in every cell and -skip-detrace in none: give one of them");
        }
        if (allEndpoints && t.service().isEmpty()) {
            throw usage("--all-endpoints traces every endpoint of a Service: give -service SVC with it");
        }
        if (t.dual() && !t.dstIp().isEmpty()) {
            throw usage("-addr-family dual traces a pod or Service in both families; -dst-ip " + TraceOptions.printable(t.dstIp())
                    + " has one: give -addr-family ip4 or ip6 with it");
        }
        LabelSelector src = srcSelector.isEmpty() ? null : selector("-src-selector", srcSelector);
        LabelSelector dst = dstSelector.isEmpty() ? null : selector("-dst-selector", dstSelector);
        TraceRequest request = new TraceOptions(src == null ? t.src() : STAND_IN, t.srcNamespace(), dst == null ? t.dst() : STAND_IN,
                t.dstNamespace(), t.service(), t.dstIp(), t.dstPort(), t.tcp(), t.udp(), t.dual() ? "ip4" : t.addrFamily(), t.skipDetrace(),
                false).validate();
        Pods sources = src == null ? new Pods.Named(request.source()) : new Pods.Selected(t.srcNamespace(), src);
        Destinations destinations;
        if (dst != null) destinations = new Destinations.ToPods(new Pods.Selected(t.dstNamespace(), dst));
        else if (request.target() instanceof Target.Pod p) destinations = new Destinations.ToPods(new Pods.Named(p.pod()));
        else if (request.target() instanceof Target.Service s) destinations = new Destinations.ToService(s.service(), allEndpoints);
        else destinations = new Destinations.ToIp(((Target.Ip) request.target()).address());
        return new MatrixSpec(sources, destinations, request.protocol(), portGiven ? OptionalInt.of(request.dstPort()) : OptionalInt.empty(),
                t.families(), t.skipDetrace() ? Detrace.NONE : detraceAll ? Detrace.EVERY_CELL : Detrace.CELLS_NOT_PASSED, maxCells);
    }

    private static LabelSelector selector(String flag, String text) {
        try {
            return LabelSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(flag + " \"" + TraceOptions.printable(text) + "\" " + e.getMessage() + "; nothing was run");
        }
    }

    private static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) throw usage(flag + " " + value + ": give a number from " + min + " to " + max);
    }

    private static TraceError usage(String message) {
        return new TraceError("Usage: " + message, TraceError.USAGE, null);
    }

    /** For the JShell builder: the same options with one part changed. */
    MatrixOptions with(TraceOptions trace) {
        return new MatrixOptions(trace, srcSelector, dstSelector, allEndpoints, portGiven, maxCells, parallel, perNode, detraceAll);
    }

    MatrixOptions withSelectors(String srcSelector, String dstSelector) {
        return new MatrixOptions(trace, srcSelector, dstSelector, allEndpoints, portGiven, maxCells, parallel, perNode, detraceAll);
    }

    MatrixOptions withDetraceAll() {
        return new MatrixOptions(trace, srcSelector, dstSelector, allEndpoints, portGiven, maxCells, parallel, perNode, true);
    }

    MatrixOptions withFanout(boolean allEndpoints, boolean portGiven, int maxCells, int parallel, int perNode) {
        return new MatrixOptions(trace, srcSelector, dstSelector, allEndpoints, portGiven, maxCells, parallel, perNode, detraceAll);
    }
}
