package ovntrace.lib.trace;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.DbAccess;
import ovntrace.lib.cluster.OvnTraceDaemons;

/**
 * The shell commands of an {@code ovn-trace --detach} daemon in a node's pod: start it in a private directory, ask
 * it for a trace, stop it. Pure: every value pasted into a command is one ovntrace built or checked here.
 *
 * <p>A daemon's {@code trace} command takes nothing but the output format, while {@code --ct} and {@code --lb-dst}
 * are fixed when the daemon starts, and its ct states are used up across traces (ovn-trace.c). So upstream's plain
 * traces go to a plain daemon, and ovntrace's own connection checks, which give one state several times
 * ({@code --ct=new} x3), to a daemon started with {@link ConntrackBudget#SIZE} copies of that state ({@link Ask}); the
 * traces such a daemon answers are checked against the command's flags ({@link ConntrackBudget#oneShots}).
 * Upstream's Service step ({@code --lb-dst}, which ovn-trace also uses up) stays one-shot.
 */
public final class DaemonCommands {

    private DaemonCommands() {}

    /** What {@code mktemp -d} makes: only the daemon's files live there, and stopping removes it whole. */
    public static final String DIR_TEMPLATE = "/tmp/ovntrace-daemon.XXXXXXXXXX";

    private static final Pattern DIR = Pattern.compile("/tmp/ovntrace-daemon\\.[A-Za-z0-9]{10}");

    /**
     * After the {@code ovn-trace <SB>} head: an optional datapath name, any {@code --ct} flags, then one single-quoted
     * microflow.
     */
    private static final Pattern ARGS = Pattern.compile("( [A-Za-z0-9_.:-]+)?((?: --ct=[a-z,]+)*)( '[^']*')");

    /**
     * What a command asks of a daemon: the datapath and microflow ({@code args}, with its leading space, as the
     * daemon's {@code trace} takes them), and the conntrack state the command gives at each of its first
     * {@code flags} ct steps; {@code ct} is null for a plain trace (no {@code --ct}), which a plain daemon answers.
     */
    public record Ask(ConnectionSteps.CtState ct, int flags, String args) {
        public boolean plain() {
            return ct == null;
        }
    }

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
        return start(db, lifetime, "");
    }

    /**
     * The same for a ct daemon: ovn-trace given {@code count} copies of {@code ct}'s flag, made by the shell (doubling
     * the list, then dropping what is over) so that the command stays short.
     */
    public static String start(DbAccess db, Duration lifetime, ConnectionSteps.CtState ct, int count) {
        if (count < 1) throw new IllegalArgumentException("no ct states: " + count);
        return start(db, lifetime, "set -- " + ct.ovnTraceFlag() + ";while [ $# -lt " + count + " ];do set -- \"$@\" \"$@\";done;"
                + "shift $(($#-" + count + "))\n");
    }

    private static String start(DbAccess db, Duration lifetime, String ctList) {
        long seconds = Math.max(1, lifetime.toSeconds());
        return "D=$(mktemp -d " + DIR_TEMPLATE + ")||exit 1\n"
                + "sh -c 'i=0;while [ $i -lt " + seconds + " ]&&[ -d \"$0\" ];do sleep 1;i=$((i+1));done;[ -d \"$0\" ]||exit 0;"
                + "ovs-appctl -t \"$0/ctl\" exit;kill $(cat \"$0/pid\");rm -rf \"$0\"' \"$D\" </dev/null >/dev/null 2>&1 &\n"
                + "echo $! >\"$D/watchdog\"\n"
                + ctList
                + db.ovnTrace() + " --detach --no-chdir --pidfile=\"$D/pid\" --unixctl=\"$D/ctl\"" + (ctList.isEmpty() ? "" : " \"$@\"")
                + " </dev/null >/dev/null 2>\"$D/err\""
                + "||{ cat \"$D/err\" >&2;kill $(cat \"$D/watchdog\");rm -rf \"$D\";exit 1;}\n"
                + "echo \"$D\"";
    }

    /** The daemon's directory from the start command's output, if it is one {@link #start} makes. */
    public static Optional<String> directory(String startOutput) {
        String d = startOutput.strip();
        return DIR.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    /**
     * What {@code command} asks of a daemon, if a daemon may answer it: the exact {@code ovn-trace <SB>} head of
     * {@code db}, then only a datapath, {@code --ct} flags all of one {@link ConnectionSteps.CtState}, and a microflow
     * (so nothing with {@code --lb-dst}, nothing after the microflow).
     */
    public static Optional<Ask> ask(DbAccess db, String command) {
        String head = db.ovnTrace();
        if (!command.startsWith(head)) return Optional.empty();
        Matcher m = ARGS.matcher(command.substring(head.length()));
        if (!m.matches()) return Optional.empty();
        String args = (m.group(1) == null ? "" : m.group(1)) + m.group(3);
        List<String> flags = m.group(2).isEmpty() ? List.of() : List.of(m.group(2).substring(1).split(" "));
        if (flags.isEmpty()) return Optional.of(new Ask(null, 0, args));
        return Arrays.stream(ConnectionSteps.CtState.values()).filter(ct -> flags.stream().allMatch(ct.ovnTraceFlag()::equals))
                .findFirst().map(ct -> new Ask(ct, flags.size(), args));
    }

    /** Whether {@code command} is one of upstream's plain ovn-trace steps against {@code db} (no {@code --ct}). */
    public static boolean plain(DbAccess db, String command) {
        return ask(db, command).filter(Ask::plain).isPresent();
    }

    /**
     * The daemon form of {@code command} (one {@link #ask} takes): the same datapath and microflow asked of the
     * daemon in {@code dir}, without the {@code --ct} flags (its own list gives them), which prints exactly what the
     * one-shot's default (detailed) format prints. About as long as the one-shot (a fallback spelled in the same
     * command would double it and split a node's steps over more exec requests). Any exit status but 0 (daemon gone,
     * crashed on an earlier trace, hung past a third of the deadline, or the trace itself failing) is no answer
     * ({@link OvnTraceDaemons#answered}): the engine then runs the one-shot command, so what a step shows is always
     * what the one-shot shows.
     */
    public static String trace(DbAccess db, String command, String dir, Duration timeout) {
        Ask ask = ask(db, command).orElseThrow(() -> new IllegalArgumentException("not an ovn-trace a daemon answers: " + command));
        return "ovs-appctl --timeout=" + Math.max(1, timeout.toSeconds() / 3) + " -t " + control(dir) + " trace" + ask.args();
    }

    /**
     * Stops the daemon in {@code dir} and leaves nothing: asks it to exit, stops the watchdog, waits up to two
     * seconds for the daemon's process to end (then kills it), removes the directory. Harmless if already gone.
     */
    public static String stop(String dir) {
        String d = checked(dir);
        return "D=" + d + ";[ -d $D ]||exit 0;W=$(cat $D/watchdog 2>/dev/null);P=$(cat $D/pid 2>/dev/null)\n"
                + "ovs-appctl --timeout=5 -t $D/ctl exit >/dev/null 2>&1;[ -n \"$W\" ]&&kill $W 2>/dev/null\n"
                + DaemonStops.END;
    }

    private static String control(String dir) {
        return checked(dir) + "/ctl";
    }

    private static String checked(String dir) {
        if (!DIR.matcher(dir).matches()) throw new IllegalArgumentException("not a daemon directory: " + dir);
        return dir;
    }
}
