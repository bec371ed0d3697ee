package ovntrace.ovn;

import java.io.IOException;
import java.time.Duration;
import ovntrace.lib.cluster.PodExec.ExecResult;

/**
 * The OVN and OVS versions a sandbox really runs, asked of the running daemons on a node (through its pod, so
 * from the node's own root): {@code ovn-controller 25.03.0} and {@code ovs-vswitchd (Open vSwitch) 3.5.0}.
 */
public record DaemonVersions(String ovn, String ovs) {

    private static final String ASK = "ovn-appctl -t ovn-controller version | head -1; "
            + "ovs-appctl -t ovs-vswitchd version | head -1";

    /** Asks {@code node}'s daemons; a daemon that does not answer reads as "?". */
    public static DaemonVersions query(SandboxLayout layout, String node) {
        try {
            ExecResult r = new NodeShell(layout).run(node, ASK, Duration.ofSeconds(10));
            String[] lines = (r.stdout() + "\n\n").split("\n", -1);
            return new DaemonVersions(last(lines[0]), last(lines[1]));
        } catch (IOException e) {
            return new DaemonVersions("?", "?");
        }
    }

    /** The last word of a version line, which is the version number. */
    private static String last(String line) {
        String s = line.strip();
        return s.isEmpty() ? "?" : s.substring(s.lastIndexOf(' ') + 1);
    }
}
