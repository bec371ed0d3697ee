package ovntrace.lib.cluster;

/**
 * Where the engine reports what it is doing, by upstream's klog verbosity: 1 decisions, 2 command outputs,
 * 4 commands, 5 exec targets and discovered facts; and, for a progress display, which phase the run is in.
 */
@FunctionalInterface
public interface TraceLog {

    TraceLog NONE = new TraceLog() {
        @Override
        public void log(int level, String message) {}

        @Override
        public boolean shows(int level) {
            return false;
        }
    };

    /** Prints messages up to {@code verbosity} (upstream's -loglevel) to {@code err}. */
    static TraceLog upTo(int verbosity, java.io.PrintStream err) {
        return new TraceLog() {
            @Override
            public void log(int level, String message) {
                if (level <= verbosity) err.println(message);
            }

            @Override
            public boolean shows(int level) {
                return level <= verbosity;
            }
        };
    }

    void log(int level, String message);

    /** Whether messages at {@code level} are shown; lets the engine skip work done only for the log. */
    default boolean shows(int level) {
        return true;
    }

    /** The run entered a new phase (resolving endpoints, looking up nodes, running steps). */
    default void phase(String description) {}
}
