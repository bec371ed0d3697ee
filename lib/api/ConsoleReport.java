package ovntrace.lib.api;

import java.io.PrintStream;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.LegPolicy;
import ovntrace.lib.trace.LegResult;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.lib.trace.Verdicts;

/**
 * Prints a run the way upstream does: stdout gets only the {@code <step> indicates success|failure from X to Y}
 * lines, in upstream's order; stderr gets, by log level, the commands (4), their outputs (2), the search strings
 * (1), errors and notes (0). ovntrace's extra checks print a stdout line only when they fail.
 */
public final class ConsoleReport {

    static final String RESET = "\033[0m", RED = "\033[31m", GREEN = "\033[32m", BOLD = "\033[1m", ITALIC = "\033[3m";

    private final PrintStream out, err;
    private final int level;
    private final boolean colour;

    public ConsoleReport(PrintStream out, PrintStream err, int level, boolean colour) {
        this.out = out;
        this.err = err;
        this.level = level;
        this.colour = colour;
    }

    /** Colour only for a terminal, and never when NO_COLOR is set to anything. */
    public static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty());
    }

    public void print(TraceResult result) {
        print(result, Attributions.NONE);
    }

    /** With {@code policy} looked up, -loglevel 1 also says, per leg, which policy let it through or dropped it. */
    public void print(TraceResult result, Attributions policy) {
        boolean anyFailed = false;
        java.util.Map<String, String> told = new java.util.HashMap<>();
        for (StepResult s : result.steps()) {
            if (s.verdict() == Verdict.SKIPPED) continue;
            if (level >= 4 && !s.command().isEmpty()) err.println(s.label() + " command is " + s.command());
            if (s.exec() != null && level >= 2) {
                err.println(s.label() + " Output:\n" + italic(s.exec().stdout()));
                if (!s.exec().stderr().isBlank()) err.println(s.label() + " stderr:\n" + italic(s.exec().stderr()));
            }
            switch (s.verdict()) {
                case PASS, FAIL -> {
                    boolean pass = s.verdict() == Verdict.PASS;
                    if (s.printsResultLine()) out.println(line(s, pass));
                    else if (level >= 1) err.println(s.resultLine());
                    if (level >= 1 && !s.searchRegex().isEmpty()) {
                        err.println(paint(pass ? GREEN : RED, "Search string " + (pass ? "" : "not ") + "matched:\n" + s.searchRegex()));
                    }
                    anyFailed |= !pass;
                }
                case INCONCLUSIVE -> {
                    if (Verdicts.unavailableOffline(s)) {
                        offline(s);
                        continue;
                    }
                    // one cause (a node that does not answer, a missing tool) is spelt out once, not once per step
                    String first = told.putIfAbsent(s.reason(), s.label());
                    err.println(s.label() + " error: " + (first == null ? s.reason() : "as for " + first));
                }
                default -> { }
            }
        }
        result.notes().forEach(err::println);
        if (level >= 1) legs(result, policy);
        if (anyFailed && level < 2) err.println("(run with -loglevel 2 to see the trace outputs behind a failure)");
        if (level >= 5) {
            err.println("Done in " + result.elapsed().toMillis() + " ms with " + result.execCalls() + " exec call(s); mode "
                    + result.mode() + "; exit code " + result.exitCode());
        }
        out.flush();
    }

    /**
     * A step that needs a live node, offline: its line stands where the live run prints the step's verdict, so that
     * stdout is the live run's with those lines replaced: on stdout for upstream's steps, on stderr from -loglevel 1
     * for ovntrace's own checks (a live run prints them on stdout only when they fail, which offline cannot know).
     */
    private void offline(StepResult s) {
        String line = s.label() + " inconclusive: " + NodeAccess.NOT_OFFLINE;
        if (!s.extra()) out.println(line);
        else if (level >= 1) err.println(line);
    }

    /**
     * Not upstream: one line per leg and one for the connection, so that a reader sees at once that, say, the
     * connection works while the destination could not open one back (upstream's reverse check).
     */
    private void legs(TraceResult result, Attributions policy) {
        for (LegResult leg : result.legs()) {
            err.println("ovntrace " + leg.leg().id() + " " + leg.from() + " -> " + leg.to() + ": " + leg.verdict()
                    + (leg.tuple() == null ? "" : " (" + leg.tuple().display() + ")") + (leg.verdict() == Verdict.PASS ? "" : ": " + leg.reason()));
            LegPolicy p = policy.leg(leg.leg());
            if (p != null) err.println("ovntrace " + leg.leg().id() + " policy: " + p.explanation());
        }
        err.println(paint(result.connectionVerdict() == Verdict.PASS ? GREEN : RED, "ovntrace connection: " + result.connectionVerdict()
                + "; run: " + result.verdict()));
    }

    String line(StepResult s, boolean pass) {
        return colour ? (pass ? GREEN : RED) + BOLD + s.resultLine() + RESET : s.resultLine();
    }

    private String italic(String text) {
        return colour ? ITALIC + text + RESET : text;
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
