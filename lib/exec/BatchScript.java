package ovntrace.lib.exec;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.ScriptDelivery;

/**
 * Several commands in one {@code bash -c} exec, each bracketed by marker lines on stdout and stderr so that each
 * command's output, exit code and duration can be taken apart again. One exec per node instead of one per command
 * is most of ovntrace's speed-up.
 *
 * <p>An ofproto/trace output that ovn-detrace reads is kept in a shell variable and piped in within the same exec:
 * the Kubernetes exec protocol fabric8 speaks cannot signal end of stdin, so ovn-detrace could never be fed from
 * the client. A fed item whose variable is not set yet (it ran in another exec) runs its producer again. Fed items
 * with the same command run it once over all their inputs ({@link #joinedFeeds}), so a fed command must read its
 * input line by line, as ovn-detrace does. Each command runs in a subshell, so nothing one does (exit, cd,
 * variables) reaches the next; an in-shell item ({@link Item#inShell}) is the exception that sets variables for them.
 *
 * <p>Background items ({@link Item#inBackground}) run, in their order, in one background subshell forked where
 * the first of them stands, while the foreground items after it run; so a slow ovn-detrace overlaps the remaining
 * ovn-trace commands. It sees the variables set before it forked (a fed background item whose variable a later
 * foreground item captures runs its producer itself), and what it sets stays there. Nothing is written to the
 * node: the section keeps its output in variables and hands it over a pipe once the foreground is done, where it
 * comes out as whole blocks after the foreground's, so {@link #split} reads it like any other. It stays in the
 * script's process group, so the on-node deadline ({@code timeout} in the exec wrapper) ends it too.
 */
public final class BatchScript {

    /**
     * One command; {@code captureAs} keeps its stdout in a variable, {@code feedFrom}/{@code producer} pipe one in.
     * {@code logged} is what the log shows: the command itself, or the upstream command a daemon's ask stands for.
     * {@code background}: runs in the script's background section, meanwhile the later foreground items run
     * ({@link BatchScript}). {@code inShell}: runs in its section's own shell instead of a subshell, so the variables
     * it sets reach every later item of that section ({@link #inShell}).
     */
    public record Item(String command, String captureAs, String feedFrom, String producer, String logged, boolean background,
            boolean inShell) {
        public Item {
            if (inShell && (captureAs != null || feedFrom != null)) throw new IllegalArgumentException("an in-shell item neither captures nor is fed: " + command);
        }

        public Item(String command, String captureAs, String feedFrom, String producer, String logged) {
            this(command, captureAs, feedFrom, producer, logged, false, false);
        }

        public Item(String command, String captureAs, String feedFrom, String producer) {
            this(command, captureAs, feedFrom, producer, command);
        }

        /** A plain item that runs {@code command} in place of {@code logged} (an ovn-trace daemon's ask). */
        public static Item standingFor(String command, String logged) {
            return new Item(command, null, null, null, logged);
        }

        public static Item plain(String command) {
            return new Item(command, null, null, null);
        }

        public static Item captured(String command, String variable) {
            return new Item(command, variable, null, null);
        }

        public static Item fed(String command, String variable, String producer) {
            return new Item(command, null, variable, producer);
        }

        /**
         * Shell code run in the shell itself, as a function body: the variables it sets (not {@code local}) reach
         * every later item of its section, and a set made before the first background item reaches the background
         * section too. Its stdout is its result, e.g. {@code A=$(lookup);printf 'A=%s\n' "$A"}. It can stop early
         * with {@code return N}. It must not end or redirect the shell, nor change how it runs, nor touch the
         * script's own names, so code that runs {@code exit}, {@code exec}, {@code set}, {@code shopt}, {@code trap}
         * or {@code kill}, assigns {@code M}, or defines a function is refused; it must also keep its quotes and
         * braces balanced and not read stdin. Its variables live in this exec only: chunking keeps every later
         * item in its exec ({@link BatchRunner#chunks}), one-by-one execs lose them.
         */
        public static Item inShell(String code) {
            if (FORBIDDEN_IN_SHELL.matcher(code).find()) {
                throw new IllegalArgumentException("in-shell code must not exit, exec, set, shopt, trap, kill, assign M or define functions: " + code);
            }
            return new Item(code, null, null, null, code, false, true);
        }

        /** This item in the background section. */
        public Item inBackground() {
            return new Item(command, captureAs, feedFrom, producer, logged, true, inShell);
        }
    }

    /** Words at a command's start that end, redirect or reconfigure the shell, M's assignment and function definitions. */
    private static final Pattern FORBIDDEN_IN_SHELL = Pattern.compile(
            "(^|[;&|({!`\\n]|\\b(then|do|else)\\b)\\s*((exit|exec|set|shopt|trap|kill|function)\\b|\\w+\\s*\\(\\s*\\))|(^|[^\\w$])M=");

    private final String marker;
    private final List<Item> items;
    private final String prelude;
    private final boolean pauses;
    private final java.util.Set<String> known;

    public BatchScript(List<Item> items) {
        this(items, "");
    }

    /** {@code prelude}: shell code run first in the main shell, so the variables it sets reach every item. */
    public BatchScript(List<Item> items, String prelude) {
        this(items, prelude, "OVNTRACE-" + HexFormat.of().formatHex(SecureRandomHolder.bytes(6)));
    }

    public BatchScript(List<Item> items, String prelude, String marker) {
        this(items, prelude, marker, false, java.util.Set.of());
    }

    private BatchScript(List<Item> items, String prelude, String marker, boolean pauses, java.util.Set<String> known) {
        this.items = List.copyOf(items);
        this.prelude = prelude;
        this.marker = marker;
        this.pauses = pauses;
        this.known = java.util.Set.copyOf(known);
    }

    /**
     * This script as a follow-up to a paused one whose items captured {@code variables} ({@link #pausing()}): it runs
     * in that shell, so a fed item reads one of them as it is instead of running its producer again, and reads
     * exactly the output that was reported for it.
     */
    public BatchScript following(java.util.Set<String> variables) {
        return new BatchScript(items, prelude, marker, pauses, variables);
    }

    /**
     * This script, ending with a pause: after its items it prints {@link #pause()} as a line on stdout and on stderr,
     * then reads one follow-up from fd 5 (a line with its byte count N, then N bytes; 0: none) and runs it in its own
     * shell, where the variables the items set are still there. The node's wrapper passes the exec's stdin on to fd 5
     * ({@link ScriptDelivery#WRAPPER}); without it there is no fd 5, and the script ends after the pause line.
     */
    public BatchScript pausing() {
        return new BatchScript(items, prelude, marker, true, known);
    }

    /** The line a {@link #pausing()} script prints when its items are done. */
    public String pause() {
        return marker + " F";
    }

    public List<Item> items() {
        return items;
    }

    /** The script for {@code bash -c}; compact, because a short one travels in the exec request's URL. */
    public String script() {
        StringBuilder s = new StringBuilder();
        s.append("M=").append(marker).append('\n');
        s.append("b(){ echo \"$M B $1 ${EPOCHREALTIME:-}\";echo \"$M B $1\">&2;}\n");
        s.append("e(){ echo;echo \"$M E $1 $2 ${EPOCHREALTIME:-}\";echo>&2;echo \"$M E $1 $2\">&2;}\n");
        if (!prelude.isEmpty()) s.append(prelude).append('\n');
        boolean[] ready = inputsReady();
        java.util.Map<List<Object>, List<Integer>> joined = joinedFeeds();
        StringBuilder background = new StringBuilder();
        int sectionAt = -1;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.background() && sectionAt < 0) sectionAt = s.length();
            StringBuilder to = it.background() ? background : s;
            List<Integer> group = it.feedFrom() == null ? null : joined.get(List.of(it.background(), it.command()));
            if (group != null) {
                // the whole group runs at its last member, when every input it reads has been captured
                if (group.get(group.size() - 1) == i) appendJoined(to, group, ready);
                continue;
            }
            to.append("b ").append(i).append('\n');
            if (it.inShell()) {
                to.append("s(){ ").append(it.command()).append("\n};s\ne ").append(i).append(" $?\n");
            } else if (it.captureAs() != null) {
                String v = it.captureAs();
                to.append(v).append("=$( (").append(it.command()).append(");r=$?;printf x;exit $r);r=$?;printf %s \"${")
                        .append(v).append("%x}\"\ne ").append(i).append(" $r\n");
            } else if (it.feedFrom() != null) {
                String v = it.feedFrom();
                if (!ready[i]) to.append(v).append("=$( (").append(it.producer()).append(");printf x);");
                to.append("printf %s \"${").append(v).append("%x}\"|").append(it.command()).append("\ne ").append(i).append(" $?\n");
            } else {
                to.append("(").append(it.command()).append(")\ne ").append(i).append(" $?\n");
            }
        }
        if (sectionAt >= 0) {
            s.insert(sectionAt, BACKGROUND_START + background + BACKGROUND_END);
            s.append(REPLAY);
        }
        if (pauses) s.append(FOLLOW_UP);
        return s.toString();
    }

    /**
     * The background section, forked where its first item stands, so it sees what the items before set. Its items'
     * stdout goes into O, their stderr into X as it comes, O after it, then O's length in 12 characters; only at
     * its end does it write anything to the pipe the main shell reads as fd 9: the length of the stderr part and
     * X. So neither side waits for the other until the main shell has run its last item, whatever the output's
     * size, and every marker keeps the time its item ran. Lengths, not a separator: bash's pattern removal is
     * quadratic, 20 s for a 2 MB output.
     */
    private static final String BACKGROUND_START = "exec 9< <(X=$({ O=$(\n";
    private static final String BACKGROUND_END =
            "printf x);} 2>&1;printf '%s%12d' \"$O\" ${#O});n=${X: -12};echo $((${#X}-12-n));printf %s \"${X::-12}\")\n";
    /**
     * After the last foreground item: the background's stderr to stderr and its stdout to stdout, as whole blocks.
     * A section cut short writes less or nothing: its items lack end markers and {@link #split} leaves them null.
     */
    private static final String REPLAY = "read n<&9;X=$(cat<&9);printf %s \"${X::n}\">&2;X=${X:n};printf %s \"${X%x}\"\n";

    /**
     * The pause, then the follow-up: read under {@code LC_ALL=C} (in the substitution's subshell only) so that N counts
     * bytes, kept whole with an {@code x}, and run with {@code eval} in this shell. The deadline of the whole exec
     * (the wrapper's {@code timeout}) bounds the wait.
     */
    private static final String FOLLOW_UP = "echo \"$M F\";echo \"$M F\">&2\n"
            + "IFS= read -r -u 5 n 2>/dev/null||n=0\nif [ \"$n\" -gt 0 ] 2>/dev/null;then "
            + "f=$(LC_ALL=C;IFS= read -rN \"$n\" -u 5 f;printf %sx \"$f\");eval \"${f%x}\";fi\n";

    /**
     * Whether each fed item's variable is set when it runs: by the paused script this one follows, captured earlier in
     * its own section, or, for a background item, by a foreground item before the section forked.
     */
    private boolean[] inputsReady() {
        boolean[] ready = new boolean[items.size()];
        java.util.Set<String> foreground = new java.util.HashSet<>(known), background = null;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.background() && background == null) background = new java.util.HashSet<>(foreground);
            java.util.Set<String> captured = it.background() ? background : foreground;
            if (it.captureAs() != null) captured.add(it.captureAs());
            else if (it.feedFrom() != null) ready[i] = captured.contains(it.feedFrom());
        }
        return ready;
    }

    /**
     * Fed items that run as one: two or more of one section with the same command, by section and command, in item
     * order. One ovn-detrace loads the whole northbound and southbound databases before it reads a line (half a
     * second on a small cluster, 15 s at 2,000 pods), so it runs once per exec over all the traces, not once per
     * trace; also over traces that ran in an earlier exec, whose producers the group runs again first.
     */
    private java.util.Map<List<Object>, List<Integer>> joinedFeeds() {
        java.util.Map<List<Object>, List<Integer>> bySectionAndCommand = new java.util.LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.feedFrom() != null) bySectionAndCommand.computeIfAbsent(List.of(it.background(), it.command()), c -> new ArrayList<>()).add(i);
        }
        bySectionAndCommand.values().removeIf(g -> g.size() < 2);
        return bySectionAndCommand;
    }

    /**
     * One run of the group's command over its inputs, each followed by a blank line and a separator line, then each
     * member's part of the output. A command that reads line by line and ends a block at a blank line (ovn-detrace
     * prints a block's records there, and at the end of its input) gives each part exactly what a run over that input
     * alone gives. The first member's bracket holds the run, so its duration, stderr and exit code are the run's;
     * every member gets the exit code. A member whose input is not set yet runs its producer first (once per variable).
     */
    private void appendJoined(StringBuilder s, List<Integer> group, boolean[] ready) {
        s.append("b ").append(group.get(0)).append('\n');
        java.util.Set<String> rerun = new java.util.HashSet<>();
        for (int k : group) {
            Item it = items.get(k);
            if (!ready[k] && rerun.add(it.feedFrom())) {
                s.append(it.feedFrom()).append("=$( (").append(it.producer()).append(");printf x)\n");
            }
        }
        s.append("J=$( (");
        for (int k = 0; k < group.size(); k++) {
            if (k > 0) s.append(";printf '\\n%s\\n' \"$M J\";");
            s.append("printf %s \"${").append(items.get(group.get(k)).feedFrom()).append("%x}\"");
        }
        s.append(")|").append(items.get(group.get(0)).command()).append(";r=$?;printf x;exit $r);R=$?\n");
        // one awk pass hands out every member's part: it closes each member's bracket on stdout and opens the next's
        // where a separator line comes (a part it never reaches stays empty); the stderr brackets, empty but for the
        // first member's, which holds the run's, follow in one printf (which repeats its format for every pair of
        // markers); the last member's end marker is e's as usual
        StringBuilder members = new StringBuilder(), stderr = new StringBuilder("printf '\\n%s\\n%s\\n'");
        for (int k = 0; k < group.size(); k++) {
            members.append(k == 0 ? "" : " ").append(group.get(k));
            if (k + 1 < group.size()) stderr.append(" \"$M E ").append(group.get(k)).append(" $R\" \"$M B ").append(group.get(k + 1)).append('"');
        }
        s.append("printf %s \"${J%x}\"|awk -v m=\"$M J\" -v M=\"$M\" -v r=$R -v t=\"${EPOCHREALTIME:-}\" -v g='")
                .append(members).append("' ").append(PARTS).append('\n');
        s.append(stderr).append(">&2\ne ").append(group.get(group.size() - 1)).append(" $R\n");
    }

    /**
     * The awk program of {@link #appendJoined}: prints the lines of member c's part (c counts the separator lines,
     * which it drops); at a separator, member c's end marker and the next one's begin marker, as e and b print them
     * on stdout, both stamped with the time the run ended; at the end, the brackets of members no separator reached.
     */
    private static final String PARTS = "'function n(){printf \"\\n%s E %s %s %s\\n%s B %s %s\\n\",M,G[c+1],r,t,M,G[c+2],t;c++}"
            + "BEGIN{k=split(g,G,\" \")}$0==m{if(c+1<k)n();else c=k;next}c<k{print}END{while(c+1<k)n()}'";

    /** A pessimistic size of {@code text} once URL-encoded into the exec request: {@link ScriptDelivery#encodedLength}. */
    public static int encodedLength(String text) {
        return ScriptDelivery.encodedLength(text);
    }

    /**
     * Each item's result from the exec's output; null for items that never finished (the exec ended early).
     * Durations come from bash's {@code EPOCHREALTIME}; without it each item gets an equal share of {@code total}.
     * Plain string search, not a regular expression per item: a lazy {@code (.*?)} over every item's output cost
     * the client a fifth of its CPU time per trace (JFR), between the rounds and after the last, when the nodes wait.
     */
    public List<ExecResult> split(String stdout, String stderr, Duration total) {
        List<ExecResult> out = new ArrayList<>();
        int[] at = {0, 0}; // where the last block found in stdout and in stderr ended: the next is usually after it
        for (int i = 0; i < items.size(); i++) {
            Block o = block(stdout, at, 0, marker + " B " + i + " ", STAMP, marker + " E " + i + " ", CODE_AND_STAMP);
            if (o == null) {
                out.add(null);
                continue;
            }
            Block e = block(stderr, at, 1, marker + " B " + i, EMPTY, marker + " E " + i + " ", CODE);
            out.add(new ExecResult(Integer.parseInt(o.tail().group(1)), o.body(), e == null ? "" : e.body(),
                    duration(o.head(), o.tail().group(2), total.dividedBy(Math.max(1, items.size())))));
        }
        return out;
    }

    /** One item's bracket: the rest of its opening line, what came between, and its closing line's rest, matched. */
    private record Block(String head, String body, Matcher tail) {}

    private static final Pattern EMPTY = Pattern.compile(""), STAMP = Pattern.compile("[0-9.,]*"),
            CODE = Pattern.compile("-?[0-9]+"), CODE_AND_STAMP = Pattern.compile("(-?[0-9]+) ([0-9.,]*)");

    /**
     * The first block of {@code text} that opens with {@code begin} and a rest matching {@code head} up to a newline,
     * and closes at the first later newline followed by {@code end} and a rest matching {@code tail} up to a newline;
     * null if there is none. Looked for from {@code at[k]} on, then from the start; {@code at[k]} moves past what is found.
     * Markers are unique, so where it starts looking changes only how long that takes, not what it finds.
     */
    private static Block block(String text, int[] at, int k, String begin, Pattern head, String end, Pattern tail) {
        int first = text.indexOf(begin, at[k]);
        if (first < 0) first = text.indexOf(begin);
        String close = "\n" + end;
        for (int b = first; b >= 0; b = text.indexOf(begin, b + 1)) {
            int from = text.indexOf('\n', b + begin.length());
            if (from < 0) return null;
            String headRest = text.substring(b + begin.length(), from);
            if (!head.matcher(headRest).matches()) continue;
            for (int c = text.indexOf(close, from + 1); c >= 0; c = text.indexOf(close, c + 1)) {
                int restAt = c + close.length(), lineEnd = text.indexOf('\n', restAt);
                if (lineEnd < 0) break;
                Matcher tailRest = tail.matcher(text.substring(restAt, lineEnd));
                if (tailRest.matches()) {
                    at[k] = lineEnd;
                    return new Block(headRest, text.substring(from + 1, c), tailRest);
                }
            }
        }
        return null;
    }

    /** What the user sees for a partial or failed batch: the output that came before the first marker. */
    public String preamble(String text) {
        int at = text.indexOf(marker);
        return (at < 0 ? text : text.substring(0, at)).strip();
    }

    /** One generator for all markers; seeding a new one per batch would block on a quiet machine's entropy. */
    private static final class SecureRandomHolder {
        private static final SecureRandom RANDOM = new SecureRandom();

        static byte[] bytes(int n) {
            byte[] b = new byte[n];
            RANDOM.nextBytes(b);
            return b;
        }
    }

    private static Duration duration(String begin, String end, Duration fallback) {
        try {
            double b = Double.parseDouble(begin.replace(',', '.')), e = Double.parseDouble(end.replace(',', '.'));
            return Duration.ofNanos((long) ((e - b) * 1e9));
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
