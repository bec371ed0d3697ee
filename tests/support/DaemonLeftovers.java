package ovntrace.support;

import java.util.Set;
import java.util.TreeSet;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * What ovn-trace daemons a test leaves in the node pods: the {@code /tmp/ovntrace-daemon.*} directories that were not
 * there when it began, and ovn-trace processes running from them. Only new ones count: the local cluster's pods share
 * the host's /tmp and process table, and another run on the machine may have daemons of its own.
 */
public final class DaemonLeftovers {

    private final Sandbox sb;
    private final Set<String> before;

    private DaemonLeftovers(Sandbox sb, Set<String> before) {
        this.sb = sb;
        this.before = before;
    }

    /** Notes the daemon directories there now. */
    public static DaemonLeftovers since(Sandbox sb) {
        return new DaemonLeftovers(sb, directories(sb));
    }

    /** The new directories and the processes of new daemons, one a line; empty when nothing is left. */
    public String left() {
        StringBuilder out = new StringBuilder();
        for (String node : sb.nodes()) {
            String ps = sb.run(node, "ps -eo pid=,args= | grep '[o]vn-trace.*--pidfile=/tmp/ovntrace-daemon\\.'").stdout();
            for (String line : ps.split("\n")) {
                if (!line.isBlank() && before.stream().noneMatch(line::contains)) out.append(node).append(": ").append(line.strip()).append('\n');
            }
        }
        for (String dir : directories(sb)) if (!before.contains(dir)) out.append(dir).append('\n');
        return out.toString();
    }

    /** Whether a daemon started since {@link #since}: a new directory. */
    public boolean started() {
        return directories(sb).stream().anyMatch(d -> !before.contains(d));
    }

    private static Set<String> directories(Sandbox sb) {
        Set<String> dirs = new TreeSet<>();
        for (String node : sb.nodes()) {
            for (String d : sb.run(node, "ls -d /tmp/ovntrace-daemon.* 2>/dev/null").stdout().split("\n")) {
                if (!d.isBlank()) dirs.add(d.strip());
            }
        }
        return dirs;
    }
}
