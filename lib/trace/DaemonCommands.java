package ovntrace.lib.trace;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;

/**
 * The shell commands of an {@code ovn-trace --detach} daemon in a node's pod: start it in a private directory, ask
 * it for a trace, stop it. Pure: every value pasted into a command is one ovntrace built or checked here.
 *
 * <p>Only upstream's plain traces go to a daemon: its {@code trace} command takes nothing but the output format,
 * while {@code --ct} and {@code --lb-dst} are fixed when the daemon starts and its ct states are used up across traces
 * (ovn-trace.c). So ovntrace's own {@code --ct} connection checks and upstream's Service step stay one-shot.
 */
public final class DaemonCommands {

    private DaemonCommands() {}

    /** What {@code mktemp -d} makes: only the daemon's files live there, and stopping removes it whole. */
    public static final String DIR_TEMPLATE = "/tmp/ovntrace-daemon.XXXXXXXXXX";

    private static final Pattern DIR = Pattern.compile("/tmp/ovntrace-daemon\\.[A-Za-z0-9]{10}");

    /** After the upstream {@code ovn-trace <SB>}: an optional datapath name, then one single-quoted microflow. */
    private static final Pattern PLAIN_ARGS = Pattern.compile(" (?:[A-Za-z0-9_.:-]+ )?'[^']*'");

    /** The longest a daemon lives if nobody stops it (the client died): five minutes, or 4 exec deadlines if longer. */
    public static Duration lifetime(Duration timeout) {
        Duration four = timeout.multipliedBy(4);
        return four.compareTo(Duration.ofMinutes(5)) > 0 ? four : Duration.ofMinutes(5);
    }

    /**
     * Starts a daemon on {@code db}'s southbound database and prints its directory. A watchdog started first stops it
     * and removes the directory after {@code lifetime} even if no stop command ever comes; it starts first because
     * ovn-trace writes its pid file before it has read the database, and a database that never answers leaves a
     * daemon that never finishes starting. The daemon has detached (its own session) once this exits.
     */
    public static String start(DbAccess db, Duration lifetime) {
        long seconds = Math.max(1, lifetime.toSeconds());
        return "D=$(mktemp -d " + DIR_TEMPLATE + ")||exit 1\n"
                + "sh -c 'i=0;while [ $i -lt " + seconds + " ]&&[ -d \"$0\" ];do sleep 1;i=$((i+1));done;[ -d \"$0\" ]||exit 0;"
                + "ovs-appctl -t \"$0/ctl\" exit;kill $(cat \"$0/pid\");rm -rf \"$0\"' \"$D\" </dev/null >/dev/null 2>&1 &\n"
                + "echo $! >\"$D/watchdog\"\n"
                + db.ovnTrace() + " --detach --no-chdir --pidfile=\"$D/pid\" --unixctl=\"$D/ctl\" </dev/null >/dev/null 2>\"$D/err\""
                + "||{ cat \"$D/err\" >&2;kill $(cat \"$D/watchdog\");rm -rf \"$D\";exit 1;}\n"
                + "echo \"$D\"";
    }

    /** The daemon's directory from the start command's output, if it is one {@link #start} makes. */
    public static Optional<String> directory(String startOutput) {
        String d = startOutput.strip();
        return DIR.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    /**
     * Whether {@code command} is one of upstream's plain ovn-trace steps against {@code db}: the exact
     * {@code ovn-trace <SB>} head, then only a datapath and a microflow (no {@code --ct}, no {@code --lb-dst}).
     */
    public static boolean plain(DbAccess db, String command) {
        String head = db.ovnTrace();
        return command.startsWith(head) && PLAIN_ARGS.matcher(command.substring(head.length())).matches();
    }

    /**
     * The daemon form of plain {@code command}: the same datapath and microflow asked of the daemon in {@code dir},
     * which prints exactly what the one-shot's default (detailed) format prints. About as long as the one-shot (a
     * fallback spelled in the same command would double it and split a node's steps over more exec requests). Any
     * exit status but 0 (daemon gone, crashed on an earlier trace, hung past a third of the deadline, or the trace
     * itself failing) is no answer ({@link OvnTraceDaemons#answered}): the engine then runs the one-shot command, so
     * what a step shows is always what the one-shot shows.
     */
    public static String trace(DbAccess db, String command, String dir, Duration timeout) {
        if (!plain(db, command)) throw new IllegalArgumentException("not a plain ovn-trace command: " + command);
        return "ovs-appctl --timeout=" + Math.max(1, timeout.toSeconds() / 3) + " -t " + control(dir) + " trace"
                + command.substring(db.ovnTrace().length());
    }

    /**
     * Stops the daemon in {@code dir} and leaves nothing: asks it to exit, stops the watchdog, waits up to two
     * seconds for the daemon's process to end (then kills it), removes the directory. Harmless if already gone.
     */
    public static String stop(String dir) {
        String d = checked(dir);
        return "D=" + d + ";[ -d $D ]||exit 0;W=$(cat $D/watchdog 2>/dev/null);P=$(cat $D/pid 2>/dev/null)\n"
                + "ovs-appctl --timeout=5 -t $D/ctl exit >/dev/null 2>&1;[ -n \"$W\" ]&&kill $W 2>/dev/null\n"
                + "i=0;while [ -n \"$P\" ]&&kill -0 $P 2>/dev/null&&[ $i -lt 20 ];do sleep 0.1;i=$((i+1));done\n"
                + "[ -n \"$P\" ]&&kill -0 $P 2>/dev/null&&kill -9 $P\nrm -rf $D";
    }

    private static String control(String dir) {
        return checked(dir) + "/ctl";
    }

    private static String checked(String dir) {
        if (!DIR.matcher(dir).matches()) throw new IllegalArgumentException("not a daemon directory: " + dir);
        return dir;
    }
}
