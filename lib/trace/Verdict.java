package ovntrace.lib.trace;

/** The outcome of one trace step. */
public enum Verdict {
    /** The tool ran and its output shows the packet reaching where it should. */
    PASS,
    /** The tool ran and its output shows the packet not reaching where it should. */
    FAIL,
    /** The step could not be judged: the command failed, timed out, or its output has no verdict. */
    INCONCLUSIVE,
    /** The step was not run (for example ovn-detrace missing in the pod, or --fail-fast after a failure). */
    SKIPPED
}
