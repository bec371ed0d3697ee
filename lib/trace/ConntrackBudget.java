package ovntrace.lib.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conntrack states left in a ct daemon's list, and whether one of its answers is what the one-shot prints.
 *
 * <p>ovn-trace keeps its {@code --ct} states in one list for the life of the process and takes the next one at each
 * conntrack step (ct_next, ct_lb, ct_lb_mark, ct_dnat, ct_snat, ct_commit_nat, ct_commit_to_zone), across traces; when
 * the list is used up it falls back to {@code trk,est} and says so in the step's line ({@link #DEFAULT}). A daemon
 * started with {@link #SIZE} copies of one state therefore meets that state at every step of every trace, exactly as
 * a one-shot command with {@code n} copies does at its first {@code n} steps. An answer is the one-shot's when
 * (a) the list did not run dry during it: no {@link #DEFAULT} in the output, and (b) it took no more steps than the
 * command has flags, beyond which the one-shot falls back and the daemon would not.
 *
 * <p>The steps an answer took are counted from its own output: each of those actions prints a line headed by its
 * name and underlined with dashes (OVN 23.03 and 25.03 alike). A ct_dnat or ct_snat on a packet conntrack already
 * tracks takes no state but prints the same line, so the count is an upper bound: never too low, which is what (b)
 * and the budget need. Pure: the daemons keep one value per ct daemon and replace it.
 *
 * @param size the states the daemon started with
 * @param spent at most how many its answers so far took
 * @param reserved the flags of the traces asked of it and not answered yet (each takes at most that many, or is not
 *                 the one-shot's answer and is charged what it took)
 */
public record ConntrackBudget(int size, int spent, int reserved) {

    /**
     * How many copies of its state a ct daemon starts with: at 2-5 steps a trace, a thousand traces and more, a
     * session's or a large matrix's worth, for about 50 KB of arguments.
     */
    public static final int SIZE = 4096;

    /** What ovn-trace adds to a conntrack step's line when its {@code --ct} list is used up. */
    public static final String DEFAULT = "/* default (use --ct to customize) */";

    /** A conntrack action's line in the detailed output: its name, the rest, then a line of dashes at its indent. */
    private static final Pattern STEP = Pattern.compile(
            "(?m)^( *)(?:ct_next\\(|ct_lb|ct_dnat|ct_snat|ct_commit_nat|ct_commit_to_zone)[^\\n]*\\n\\1-+$");

    public ConntrackBudget {
        if (size < 1 || spent < 0 || reserved < 0) throw new IllegalArgumentException(size + "/" + spent + "/" + reserved);
    }

    /** A new daemon's: {@code size} states, none taken. */
    public static ConntrackBudget full(int size) {
        return new ConntrackBudget(size, 0, 0);
    }

    /** Whether a trace of {@code flags} states still fits: else the zone gets a new daemon first. */
    public boolean fits(int flags) {
        return size - spent - reserved >= flags;
    }

    /** A trace of {@code flags} states asked. */
    public ConntrackBudget reserve(int flags) {
        return new ConntrackBudget(size, spent, reserved + flags);
    }

    /** That trace answered, having taken at most {@code taken} states ({@link #steps}). */
    public ConntrackBudget settle(int flags, int taken) {
        return new ConntrackBudget(size, spent + taken, Math.max(0, reserved - flags));
    }

    /** At most how many states the trace that printed {@code output} took: its conntrack actions' lines. */
    public static int steps(String output) {
        Matcher m = STEP.matcher(output);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** Whether a conntrack step in {@code output} found the list used up. */
    public static boolean ranDry(String output) {
        return output.contains(DEFAULT);
    }

    /**
     * Whether a ct daemon's {@code output} is what the one-shot command with {@code flags} copies of the daemon's
     * state prints: no step fell back to the default, and no more steps than flags.
     */
    public static boolean oneShots(int flags, String output) {
        return !ranDry(output) && steps(output) <= flags;
    }
}
