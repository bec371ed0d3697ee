package ovntrace.lib.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * How a command reaches a node over pods/exec (the fabric8 side is {@link KubePodExec}; this part needs no client, so the local
 * cluster's scripts use it too). A short one travels in the exec request's URL ({@code command=}
 * parameters), as it always has; some API servers and proxies cap the request line at 4 KiB, so a longer one (a
 * node's whole batch) travels over the exec's stdin instead: {@link #WRAPPER} is told how many bytes to
 * read there before it runs them, and the stream stays open afterwards as the watchdog's "client still here".
 */
public sealed interface ScriptDelivery {

    /** The exec's argv. */
    List<String> argv();

    /** The whole command in the URL: argv {@code bash -c WRAPPER ovntrace COMMAND SECONDS}, nothing on stdin. */
    record InUrl(List<String> argv) implements ScriptDelivery {}

    /**
     * argv {@code bash -c WRAPPER ovntrace "" SECONDS BYTES}, and {@code script}, exactly BYTES bytes, written to stdin
     * once the stream is open. The empty first argument is the prefix the wrapper puts in front of what it reads
     * (the sandbox's exec-hang fault puts its sleep there).
     */
    record OverStdin(List<String> argv, byte[] script) implements ScriptDelivery {}

    /**
     * What one argument of a local process may hold: Linux caps each at 128 KiB (MAX_ARG_STRLEN), and the wrapper
     * hands what it read to {@code bash -c} as one argument. 4 KiB stay free for a prefix.
     */
    int ARGUMENT_LIMIT = 128 * 1024 - 4096;

    /**
     * Runs {@code $1} under the deadline given as {@code $2}: {@code timeout} makes the command a process group and
     * ends all of it, also when the watchdog (reading a copy of stdin) sends it TERM at end of input. Without
     * {@code timeout} on the node the command runs unbounded there, as upstream's always do.
     *
     * <p>The watchdog is also the script's only way to hear from the client while it runs: every line that comes on
     * stdin after the script, it passes on to the script's fd 5 (a pipe, {@code <(:)} opened both ways so that neither
     * side needs a file on the node), where a script that expects one reads its follow-up ({@link #FOLLOW_UP}). When
     * stdin closes it ends the deadline's whole process group, not only {@code timeout}: GNU timeout exits at once
     * on a TERM that comes between its fork and its knowing the child's pid, and the command would then run on with
     * nothing above it.
     *
     * <p>With a third argument N, the script's N bytes come first on stdin and run after {@code $1}. bash's
     * {@code read -N} takes them: a builtin (nothing to be missing from an image), it reads a pipe byte by byte so it
     * never takes what the watchdog must see, and under {@code LC_ALL=C} (in the substitution's subshell only) N counts
     * bytes. The {@code x} keeps trailing newlines from the substitution and says the read was whole; a short read
     * (client gone, or nothing for {@code $2} seconds) runs nothing and exits 2.
     */
    String WRAPPER = "exec 3<&0 </dev/null;[ -z \"$3\" ]||{ s=$(LC_ALL=C;IFS= read -rN \"$3\" -t \"$2\" s<&3;"
            + "printf %sx \"$s\";[ ${#s} = \"$3\" ]);r=$?;s=${s%x};[ $r = 0 ]||{ echo \"ovntrace: the script did not arrive "
            + "whole on stdin\">&2;exit 2;};set -- \"$1$s\" \"$2\";};t=\"timeout -k 2 $2\";command -v timeout >/dev/null||t=;"
            + "exec 4<> <(:);$t bash -c \"$1\" 5<&4 4<&- & p=$!;"
            + "{ while IFS= read -r -u 3 l;do printf '%s\\n' \"$l\";done;kill -- -$p||kill $p;} >&4 2>/dev/null & w=$!;exec 4<&-;"
            + "wait $p;s=$?;kill $w 2>/dev/null;exit $s";

    /** The exec's argv for {@code command} in the URL, bounded to {@code timeout} on the node. */
    static List<String> argv(String command, Duration timeout) {
        return List.of("bash", "-c", WRAPPER, "ovntrace", command, seconds(timeout));
    }

    /** In the URL when its encoded form fits the request line's budget, else over stdin. */
    static ScriptDelivery of(ExecTarget t, String command, Duration timeout) {
        if (encodedLength(command) <= urlBudget(t)) return new InUrl(argv(command, timeout));
        byte[] script = command.getBytes(StandardCharsets.UTF_8);
        return new OverStdin(List.of("bash", "-c", WRAPPER, "ovntrace", "", seconds(timeout),
                Integer.toString(script.length)), script);
    }

    /** The on-node deadline in whole seconds, at least one. */
    static String seconds(Duration timeout) {
        return Long.toString(Math.max(1, timeout.toSeconds()));
    }

    /**
     * Room for the command in an exec request line (4 KiB at some API servers), minus the rest of the URL (with the
     * on-node deadline's wrapper) and a margin.
     */
    static int urlBudget(ExecTarget t) {
        String rest = "GET /api/v1/namespaces/" + t.namespace() + "/pods/" + t.pod() + "/exec?command=bash&command=-c&command="
                + "&command=" + WRAPPER + "&command=ovntrace&command=999999"
                + "&container=" + t.container() + "&stdin=true&stdout=true&stderr=true HTTP/1.1";
        return 4096 - encodedLength(rest) - 400;
    }

    /**
     * A pessimistic size of {@code text} once URL-encoded into the exec request (every byte outside the unreserved
     * set counts three); never less than its UTF-8 size, so it bounds the stdin delivery's argument too.
     */
    static int encodedLength(String text) {
        int n = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';
            n += plain ? 1 : 3;
        }
        return n;
    }
}
