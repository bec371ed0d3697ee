package ovntrace.lib.cluster;

/**
 * What an exec can reach on a node. Online it is the node itself; offline (a must-gather) only the node's zone
 * databases are there: no Open vSwitch, no OpenFlow tables, no processes. Steps that need the live node are then
 * reported {@link #NOT_OFFLINE} and, like skipped steps, never decide a verdict.
 */
public enum NodeAccess {
    /** The ovnkube-node pod of a running node: OVN databases, Open vSwitch, processes. */
    LIVE,
    /** A zone's Northbound and Southbound databases only, served from copies of a must-gather's files. */
    DATABASES_ONLY;

    /** The reason of a step that needs a live node, in an offline run. */
    public static final String NOT_OFFLINE = "not available offline";
}
