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
 * variables) reaches the next.
 */
public final class BatchScript {

    /**
     * One command; {@code captureAs} keeps its stdout in a variable, {@code feedFrom}/{@code producer} pipe one in.
     * {@code logged} is what the log shows: the command itself, or the upstream command a daemon's ask stands for.
     */
    public record Item(String command, String captureAs, String feedFrom, String producer, String logged) {
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

        /** TEMPORARY stub until the background helper lands. */
        public static Item inShell(String code) {
            return new Item(code, IN_SHELL, null, null, code);
        }

        /** TEMPORARY stub: runs in the foreground. */
        public Item inBackground() {
            return this;
        }
    }

    private static final String IN_SHELL = "\u0001";

    private final String marker;
    private final List<Item> items;
    private final String prelude;

    public BatchScript(List<Item> items) {
        this(items, "");
    }

    /** {@code prelude}: shell code run first in the main shell, so the variables it sets reach every item. */
    public BatchScript(List<Item> items, String prelude) {
        this(items, prelude, "OVNTRACE-" + HexFormat.of().formatHex(SecureRandomHolder.bytes(6)));
    }

    public BatchScript(List<Item> items, String prelude, String marker) {
        this.items = List.copyOf(items);
        this.prelude = prelude;
        this.marker = marker;
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
        java.util.Set<String> captured = new java.util.HashSet<>();
        java.util.Map<String, List<Integer>> joined = joinedFeeds();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            List<Integer> group = it.feedFrom() == null ? null : joined.get(it.command());
            if (group != null) {
                // the whole group runs at its last member, when every input it reads has been captured
                if (group.get(group.size() - 1) == i) appendJoined(s, group);
                continue;
            }
            s.append("b ").append(i).append('\n');
            if (IN_SHELL.equals(it.captureAs())) {
                s.append("{ ").append(it.command()).append("\n}\ne ").append(i).append(" $?\n");
            } else if (it.captureAs() != null) {
                String v = it.captureAs();
                captured.add(v);
                s.append(v).append("=$( (").append(it.command()).append(");r=$?;printf x;exit $r);r=$?;printf %s \"${")
                        .append(v).append("%x}\"\ne ").append(i).append(" $r\n");
            } else if (it.feedFrom() != null) {
                String v = it.feedFrom();
                if (!captured.contains(v)) s.append(v).append("=$( (").append(it.producer()).append(");printf x);");
                s.append("printf %s \"${").append(v).append("%x}\"|").append(it.command()).append("\ne ").append(i).append(" $?\n");
            } else {
                s.append("(").append(it.command()).append(")\ne ").append(i).append(" $?\n");
            }
        }
        return s.toString();
    }

    /**
     * Fed items that run as one: two or more with the same command whose inputs an earlier item of this batch
     * captured, by command, in item order. One ovn-detrace loads the whole northbound and southbound databases
     * before it reads a line (half a second on a small cluster, 15 s at 2,000 pods), so it runs once per exec over
     * all the traces, not once per trace.
     */
    private java.util.Map<String, List<Integer>> joinedFeeds() {
        java.util.Map<String, List<Integer>> byCommand = new java.util.LinkedHashMap<>();
        java.util.Set<String> captured = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.captureAs() != null) captured.add(it.captureAs());
            else if (it.feedFrom() != null && captured.contains(it.feedFrom())) {
                byCommand.computeIfAbsent(it.command(), c -> new ArrayList<>()).add(i);
            }
        }
        byCommand.values().removeIf(g -> g.size() < 2);
        return byCommand;
    }

    /**
     * One run of the group's command over its inputs, each followed by a blank line and a separator line, then each
     * member's part of the output. A command that reads line by line and ends a block at a blank line (ovn-detrace
     * prints a block's records there, and at the end of its input) gives each part exactly what a run over that input
     * alone gives. The first member's bracket holds the run, so its duration, stderr and exit code are the run's;
     * every member gets the exit code.
     */
    private void appendJoined(StringBuilder s, List<Integer> group) {
        s.append("b ").append(group.get(0)).append("\nJ=$( (");
        for (int k = 0; k < group.size(); k++) {
            if (k > 0) s.append(";printf '\\n%s\\n' \"$M J\";");
            s.append("printf %s \"${").append(items.get(group.get(k)).feedFrom()).append("%x}\"");
        }
        s.append(")|").append(items.get(group.get(0)).command()).append(";r=$?;printf x;exit $r);R=$?\n");
        for (int k = 0; k < group.size(); k++) {
            if (k > 0) s.append("b ").append(group.get(k)).append('\n');
            s.append("printf %s \"${J%x}\"|awk -v m=\"$M J\" '$0==m{n++;next}n==").append(k).append("'\ne ")
                    .append(group.get(k)).append(" $R\n");
        }
    }

    /** A pessimistic size of {@code text} once URL-encoded into the exec request: {@link ScriptDelivery#encodedLength}. */
    public static int encodedLength(String text) {
        return ScriptDelivery.encodedLength(text);
    }

    /**
     * Each item's result from the exec's output; null for items that never finished (the exec ended early).
     * Durations come from bash's {@code EPOCHREALTIME}; without it each item gets an equal share of {@code total}.
     */
    public List<ExecResult> split(String stdout, String stderr, Duration total) {
        List<ExecResult> out = new ArrayList<>();
        String m = Pattern.quote(marker);
        for (int i = 0; i < items.size(); i++) {
            Matcher o = Pattern.compile("(?s)" + m + " B " + i + " ([0-9.,]*)\n(.*?)\n" + m + " E " + i
                    + " (-?[0-9]+) ([0-9.,]*)\n").matcher(stdout);
            if (!o.find()) {
                out.add(null);
                continue;
            }
            Matcher e = Pattern.compile("(?s)" + m + " B " + i + "\n(.*?)\n" + m + " E " + i + " -?[0-9]+\n")
                    .matcher(stderr);
            String err = e.find() ? e.group(1) : "";
            out.add(new ExecResult(Integer.parseInt(o.group(3)), o.group(2), err,
                    duration(o.group(1), o.group(4), total.dividedBy(Math.max(1, items.size())))));
        }
        return out;
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
