package ovntrace.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * What ovn-trace daemons a test leaves in the node pods of its cluster: the {@code /tmp/ovntrace-daemon.*} directories
 * of daemons started there, and ovn-trace processes running from them. The local cluster's pods share the host's /tmp
 * with every other cluster on the machine (another test run, a benchmark), so a directory counts as this cluster's only
 * once a process of one of its nodes (each node has its own PID namespace) was seen holding it: the daemon, whose pid
 * file is there, or its watchdog. {@link #started()} notes the ones it sees; {@link #left()} reports those still
 * there and any new one whose process still runs in a node.
 */
public final class DaemonLeftovers {

    private static final String PREFIX = "/tmp/ovntrace-daemon.";

    private final Sandbox sb;
    private final Set<String> before;
    private final Set<String> ours = new ConcurrentSkipListSet<>();

    private DaemonLeftovers(Sandbox sb, Set<String> before) {
        this.sb = sb;
        this.before = before;
    }

    /** Notes the daemon directories there now (of any cluster): none of them is this test's. */
    public static DaemonLeftovers since(Sandbox sb) {
        return new DaemonLeftovers(sb, directories(sb));
    }

    /** Whether a daemon of this cluster started since {@link #since}; notes its directory for {@link #left()}. */
    public boolean started() {
        running().stream().filter(d -> !before.contains(d)).forEach(ours::add);
        return !ours.isEmpty();
    }

    /** Notes {@code directory} as a daemon of this cluster's (one the test started or was told of). */
    public DaemonLeftovers track(String directory) {
        ours.add(directory);
        return this;
    }

    /** The directories and the processes of this cluster's new daemons, one a line; empty when nothing is left. */
    public String left() {
        started();
        StringBuilder out = new StringBuilder();
        for (String node : sb.nodes()) {
            // ps in a node sees only that node's processes
            String ps = sb.run(node, "ps -eo pid=,args= | grep '[o]vn-trace.*--pidfile=" + PREFIX.replace(".", "\\.") + "'").stdout();
            for (String line : ps.split("\n")) {
                if (!line.isBlank() && before.stream().noneMatch(line::contains)) out.append(node).append(": ").append(line.strip()).append('\n');
            }
        }
        Set<String> now = directories(sb);
        for (String dir : ours) if (now.contains(dir)) out.append(dir).append('\n');
        return out.toString();
    }

    /** The daemon directories a process of one of this cluster's nodes holds now (its pid or watchdog file). */
    private Set<String> running() {
        Set<String> dirs = new TreeSet<>();
        String script = "for d in " + PREFIX + "*; do for f in pid watchdog; do p=$(cat \"$d/$f\" 2>/dev/null) || continue; "
                + "ps -o args= -p \"$p\" 2>/dev/null | grep -qF -- \"$d\" && { echo \"$d\"; break; }; done; done";
        for (String node : sb.nodes()) {
            for (String d : sb.run(node, script).stdout().split("\n")) if (!d.isBlank()) dirs.add(d.strip());
        }
        return dirs;
    }

    private static Set<String> directories(Sandbox sb) {
        Set<String> dirs = new TreeSet<>();
        for (String node : sb.nodes()) {
            for (String d : sb.run(node, "ls -d " + PREFIX + "* 2>/dev/null").stdout().split("\n")) {
                if (!d.isBlank()) dirs.add(d.strip());
            }
        }
        return dirs;
    }
}
