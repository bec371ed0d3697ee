package ovntrace.lib;

/**
 * Where the engine reports what it is doing, by upstream's klog verbosity: 1 decisions, 2 command outputs,
 * 4 commands, 5 exec targets and discovered facts; and, for a progress display, which phase the run is in.
 */
@FunctionalInterface
public interface TraceLog {

    TraceLog NONE = (level, message) -> {};

    void log(int level, String message);

    /** The run entered a new phase (resolving endpoints, looking up nodes, running steps). */
    default void phase(String description) {}
}
