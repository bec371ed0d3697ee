package ovntrace.lib.trace;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.DbAccess;

/**
 * The shell commands of a long-lived ovn-detrace in a node's pod: start it in a private directory, ask it to annotate
 * one ofproto/trace output, stop it. Pure: every value pasted into a command is one ovntrace built or checked here.
 *
 * <p>ovn-detrace loads the whole northbound and southbound databases before it reads a line (15 s at 2,000 pods),
 * then loops over stdin: it echoes each line and prints a flow block's records when the block ends (a table line or
 * a blank line); end of input ends it. So one fed through a FIFO whose write end a {@code sleep} holds open answers
 * input after input: an ask writes its input, a blank line and a marker line, and takes what comes out before the
 * echoed marker. That is byte for byte what the one-shot prints for that input, whose end prints the last block's
 * records and an empty line just as the blank line does. Its databases are those of its start: the daemon is
 * replaced before its {@link DaemonCommands#lifetime}, and its watchdog ends it then anyway.
 */
public final class DetraceCommands {

    private DetraceCommands() {}

    /** What {@code mktemp -d} makes: only the daemon's files live there, and stopping removes it whole. */
    public static final String DIR_TEMPLATE = "/tmp/ovntrace-detrace.XXXXXXXXXX";

    private static final Pattern DIR = Pattern.compile("/tmp/ovntrace-detrace\\.[A-Za-z0-9]{10}");

    /**
     * An ask's exit status when the daemon is there but did not answer in time (another ask held it, or it is still
     * busy with one): the one-shot runs instead, and the daemon stays. Any other failure means the daemon is gone.
     */
    public static final int BUSY = 75;

    /** Marker lines start so; an ask's own one ends its part of the output, every earlier one starts it anew. */
    static final String MARK = "ovntrace-detrace-end-";

    /** Whether {@code command} is exactly upstream's ovn-detrace of {@code db}: the one a daemon may stand for. */
    public static boolean detrace(DbAccess db, String command) {
        return db != null && command.equals(UpstreamSteps.ovnDetrace(db));
    }

    /**
     * Starts {@code command} (an exact {@link #detrace}) reading the directory's FIFO, and prints the directory once
     * it has loaded its databases: it answered a first, empty input within {@code ready}; else it is stopped and the
     * start fails with ovn-detrace's stderr. A watchdog started first ends it all and removes the directory after
     * {@code lifetime} even if no stop ever comes, in a session of its own where there is {@code setsid}, so that a
     * start cut off by the exec's deadline (which ends the exec's process group) still has its directory removed;
     * the holder's {@code sleep} ending (end of input) ends ovn-detrace too. Every
     * background process lets go of the exec's stdin and stdout, so the exec ends when this does. A pod without the
     * tools an ask needs gets no daemon.
     */
    public static String start(DbAccess db, String command, Duration lifetime, Duration ready) {
        if (!detrace(db, command)) throw new IllegalArgumentException("not upstream's ovn-detrace: " + command);
        long seconds = Math.max(1, lifetime.toSeconds());
        long wait = Math.max(1, ready.toSeconds());
        String quit = "kill $(cat $D/watchdog $D/holder $D/pid 2>/dev/null) 2>/dev/null;rm -rf $D";
        return "for c in mkfifo flock timeout;do command -v $c >/dev/null||{ echo \"no $c for an ovn-detrace daemon\" >&2;exit 1;};done\n"
                + "D=$(mktemp -d " + DIR_TEMPLATE + ")||exit 1\n"
                + "$(command -v setsid) sh -c 'i=0;while [ $i -lt " + seconds + " ]&&[ -d \"$0\" ];do sleep 1;i=$((i+1));done;[ -d \"$0\" ]||exit 0;"
                + "kill $(cat \"$0/holder\") $(cat \"$0/pid\");rm -rf \"$0\"' $D </dev/null >/dev/null 2>&1 3<&- &\n"
                + "echo $! >$D/watchdog;mkfifo $D/in||{ " + quit + ";exit 1;}\n"
                + "sh -c 'printf \"\\n%s\\n\" " + MARK + "ready;exec sleep " + seconds + "' >$D/in </dev/null 2>/dev/null 3<&- &\n"
                + "echo $! >$D/holder\n"
                + "PYTHONUNBUFFERED=1 " + command + " <$D/in >$D/out 2>$D/err 3<&- &\n"
                + "echo $! >$D/pid;E=$(($(date +%s)+" + wait + "))\n"
                + "until grep -qx " + MARK + "ready $D/out 2>/dev/null;do kill -0 $(cat $D/pid) 2>/dev/null&&[ $(date +%s) -lt $E ]"
                + "||{ cat $D/err >&2;echo \"ovn-detrace did not load its databases\" >&2;" + quit + ";exit 1;};sleep 0.1;done\n"
                + "echo $D";
    }

    /** The daemon's directory from the start command's output, if it is one {@link #start} makes. */
    public static Optional<String> directory(String startOutput) {
        String d = startOutput.strip();
        return DIR.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    /** Whether {@code dir} names a directory {@link #start} makes (not an ovn-trace daemon's). */
    public static boolean owns(String dir) {
        return dir != null && DIR.matcher(dir).matches();
    }

    /**
     * The command that stands for the one-shot ovn-detrace: it reads the same input on stdin and prints what the
     * one-shot prints, within a third of {@code timeout}. One ask at a time ({@code flock}); {@code awk 1} ends an
     * unterminated last line, as the one-shot's end of input does. Exit status 0 is an answer; {@link #BUSY} no
     * answer in time; anything else a daemon gone (its write cut short, the daemon is ended: a half-written input
     * would spoil the next answer). One compound command, so it can stand where the one-shot stood in a pipeline;
     * bash's, as the batch is ({@code SECONDS}, {@code RANDOM}, {@code BASHPID}: fewer processes per ask).
     */
    public static String ask(String dir, Duration timeout) {
        String d = checked(dir);
        long t = Math.max(1, timeout.toSeconds() / 3);
        return "(D=" + d + ";E=$((SECONDS+" + t + "));P=$(cat $D/pid 2>/dev/null)&&[ -p $D/in ]&&kill -0 $P 2>/dev/null||exit 1\n"
                + "exec 8>>$D/lock;flock -w " + t + " 8||exit " + BUSY + "\n"
                + "K=" + MARK + "$BASHPID-$RANDOM$RANDOM;S=$(($(wc -c <$D/out)+1));R=$((E-SECONDS));[ $R -gt 0 ]||exit " + BUSY + "\n"
                + "{ awk 1;echo;echo $K;}|timeout $R tee $D/in >/dev/null||{ kill $P;exit 1;}\n"
                + "until tail -c +$S $D/out|grep -qxF $K;do kill -0 $P 2>/dev/null||exit 1;[ $SECONDS -lt $E ]||exit " + BUSY
                + ";sleep 0.05;done\n"
                + "tail -c +$S $D/out|awk -v k=$K '$0==k{for(j=0;j<n;j++)print l[j];exit}/^" + MARK + "/{n=0;next}{l[n++]=$0}')";
    }

    /**
     * Stops the daemon in {@code dir} and leaves nothing: ends its watchdog and its input's holder (end of input
     * ends ovn-detrace), waits up to two seconds for it, kills it if still there, removes the directory. Harmless if
     * already gone.
     */
    public static String stop(String dir) {
        String d = checked(dir);
        return "D=" + d + ";[ -d $D ]||exit 0;P=$(cat $D/pid 2>/dev/null)\n"
                + "kill $(cat $D/watchdog $D/holder 2>/dev/null) 2>/dev/null\n"
                + DaemonStops.END;
    }

    /**
     * {@code command} (upstream's ovn-detrace, or a daemon's {@link #ask} for it) run over its input's distinct cookies
     * only, each once, and the records it prints for each put back after every block that holds it: byte for byte what
     * {@code command} prints for the whole input, at a fraction of its work. ovn-detrace looks each cookie line up by
     * scanning whole tables (the logical flows, five more southbound tables, ten northbound ones for the flow's hint),
     * and a trace with recirculations repeats its cookies, as a batch's traces of one node repeat each other's: the
     * docs example's three traces per node hold 297 cookie lines and 77 distinct cookies.
     *
     * <p>That is ovn-detrace's own loop replayed with the records it printed, so it holds where its loop's rules do:
     * a cookie is the last {@code cookie 0x...} of a line; a block's records come before the next table line
     * ({@code N.}) or blank line, and at end of input; lines are echoed stripped, and an empty line ends the output.
     * 25.03 also reads {@code cookie=0x...} and ends a block at any cookie line: the two differ only for input with
     * such a cookie or a cookie outside a table line, which ofproto/trace does not print; such input goes to
     * {@code command} whole. Should {@code command} fail, its own output and exit code stand.
     */
    public static String distinctCookies(String command) {
        String cookie = "function c(l,k){k=\"\";while(match(l,/cookie[ =]0x[0-9a-fA-F]+/)){k=substr(l,RSTART+6,RLENGTH-6);"
                + "l=substr(l,RSTART+1)}return k}";
        return "(I=$(cat;printf x);I=${I%x}\nC='" + cookie + "'\n"
                // one block per distinct cookie, or exit 3 for input that only the whole run reads right
                + "F=$(printf %s \"$I\"|awk \"$C\"'{k=c($0);if(k==\"\")next;if(k!~/^ 0x/||$0~/cookie=0x[0-9a-fA-F]/||$0!~/^ *[0-9]+\\./){u=1;exit}"
                + "k=substr(k,4);if(!(k in s)){s[k];o[++n]=k}}END{if(u)exit 3;for(i=1;i<=n;i++)print \"0. cookie 0x\" o[i] \"\\n\"}')\n"
                + "[ $? -eq 3 ]&&{ printf %s \"$I\"|" + command + ";exit;}\n"
                + "R=$(printf '%s\\n' \"$F\"|" + command + ";r=$?;printf x;exit $r);r=$?;R=${R%x}\n"
                + "[ $r -eq 0 ]||{ printf %s \"$R\";exit $r;}\n"
                // each cookie's records: the lines after its echo but the last, the blank line's (or the end's) echo
                + "printf %s \"$I\"|awk \"$C\"'function f(j){for(j=0;j<m;j++)printf \"%s\",a[q[j]];m=0}\n"
                + "FILENAME==ARGV[1]{if($0~/^0\\. cookie 0x[0-9a-fA-F]+$/){k=substr($0,13);n[k]=0}else if(k!=\"\")r[k,++n[k]]=$0;next}\n"
                + "!d{d=1;for(k in n){a[k]=\"\";for(j=1;j<n[k];j++)a[k]=a[k] r[k,j] \"\\n\"}}\n"
                + "{if(m&&($0~/^ *[0-9]+\\./||$0~/^[[:space:]]*$/))f();l=$0;gsub(/^[[:space:]]+|[[:space:]]+$/,\"\",l);print l;"
                + "k=c($0);if(k!=\"\")q[m++]=substr(k,4)}\n"
                + "END{if(m)f();print \"\"}' <(printf %s \"$R\") -)";
    }

    private static String checked(String dir) {
        if (!owns(dir)) throw new IllegalArgumentException("not an ovn-detrace daemon directory: " + dir);
        return dir;
    }
}
