package ovntrace.lib;

/** Which way a step traces: from the source to the destination, or back. */
public enum Direction {
    FORWARD, REVERSE
}
