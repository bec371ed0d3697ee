package ovntrace.lib.trace;

/** Which way a step traces: from the source to the destination, or back. */
public enum Direction {
    FORWARD, REVERSE
}
