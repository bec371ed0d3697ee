package ovntrace.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ovs-appctl ofproto/trace} output, and ovn-detrace output, which is the same text with its lines
 * stripped and {@code * ...} annotation lines added after each flow. Unknown lines are kept in
 * {@link OfprotoTrace#unparsed()}.
 */
public final class OfprotoTraceParser {

    private static final Pattern BRIDGE = Pattern.compile("^bridge\\(\"(.*)\"\\)$");
    private static final Pattern TABLE = Pattern.compile("^(\\s*)(\\d+)\\. (.+)$");
    private static final Pattern FLOW = Pattern.compile("^(?:(.*), )?priority (\\d+)(?:, cookie (0x[0-9a-fA-F]+))?$");
    private static final Pattern RESUME = Pattern.compile("^recirc\\(0x[0-9a-fA-F]+\\) - .*");

    private OfprotoTraceParser() {}

    public static OfprotoTrace parse(String text) {
        return new Run(Lines.of(text)).parse();
    }

    private static final class Run {
        private final List<String> lines;
        private final List<OfprotoPass> passes = new ArrayList<>();
        private final List<String> unparsed = new ArrayList<>();
        private PassDraft pass;
        private TableDraft table;
        private String bridge = "";
        private String resume = "";
        private final List<String> natRewrite = new ArrayList<>();

        Run(List<String> lines) {
            this.lines = lines;
        }

        OfprotoTrace parse() {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i), t = line.strip();
                if (t.isEmpty() || t.chars().allMatch(c -> c == '=')) continue;
                if (Lines.underlined(lines, i) && BRIDGE.matcher(t).matches()) i++;
                line(line, t);
            }
            closePass();
            return new OfprotoTrace(passes, unparsed);
        }

        private void line(String line, String t) {
            Matcher m;
            if (t.startsWith("Flow: ")) {
                closePass();
                pass = new PassDraft(t.substring(6), resume, natRewrite);
                resume = "";
                natRewrite.clear();
            } else if (RESUME.matcher(t).matches()) {
                closePass();
                resume = t;
            } else if (t.equals("Replacing src/dst IP/ports to simulate NAT:") || t.startsWith("Initial flow:")
                    || t.startsWith("Modified flow:")) {
                natRewrite.add(t);
            } else if ((m = BRIDGE.matcher(t)).matches()) {
                bridge = m.group(1);
            } else if (pass != null && t.startsWith("Final flow: ")) {
                closeTable();
                pass.finalFlow = t.substring(12);
            } else if (pass != null && t.startsWith("Megaflow: ")) {
                pass.megaflow = t.substring(10);
            } else if (pass != null && t.startsWith("Datapath actions: ")) {
                pass.datapathActions = t.substring(18);
            } else if (pass != null && pass.finalFlow == null && table(line)) {
                return;
            } else if (t.startsWith("* ") || t.equals("*")) {
                if (table != null) table.annotations.add(t.length() > 2 ? t.substring(2) : "");
                else unparsed.add(line);
            } else if (table != null) {
                table.actions.add(t);
            } else if (pass != null && pass.finalFlow == null && (t.equals("thaw") || t.startsWith("Resuming from"))) {
                pass.notes.add(t);
            } else {
                unparsed.add(line);
            }
        }

        private boolean table(String line) {
            Matcher m = TABLE.matcher(line);
            if (!m.matches()) return false;
            String body = m.group(3).strip();
            Matcher flow = FLOW.matcher(body);
            boolean noMatch = body.equals("No match.");
            if (!noMatch && !flow.matches()) return false;
            closeTable();
            table = noMatch ? new TableDraft(bridge, m.group(1).length(), Integer.parseInt(m.group(2)), "", -1, "", true)
                    : new TableDraft(bridge, m.group(1).length(), Integer.parseInt(m.group(2)),
                    flow.group(1) == null ? "" : flow.group(1), Integer.parseInt(flow.group(2)),
                    flow.group(3) == null ? "" : flow.group(3), false);
            return true;
        }

        private void closeTable() {
            if (table != null && pass != null) pass.tables.add(table.build());
            table = null;
        }

        private void closePass() {
            closeTable();
            if (pass != null) passes.add(pass.build());
            pass = null;
            bridge = "";
        }
    }

    private static final class PassDraft {
        final String flow, resume;
        final List<String> natRewrite, notes = new ArrayList<>();
        final List<OfprotoTable> tables = new ArrayList<>();
        String finalFlow, megaflow = "", datapathActions = "";

        PassDraft(String flow, String resume, List<String> natRewrite) {
            this.flow = flow;
            this.resume = resume;
            this.natRewrite = List.copyOf(natRewrite);
        }

        OfprotoPass build() {
            return new OfprotoPass(flow, resume, natRewrite, notes, tables, finalFlow == null ? "" : finalFlow,
                    megaflow, datapathActions);
        }
    }

    private static final class TableDraft {
        final String bridge, match, cookie;
        final int indent, table, priority;
        final boolean noMatch;
        final List<String> actions = new ArrayList<>(), annotations = new ArrayList<>();

        TableDraft(String bridge, int indent, int table, String match, int priority, String cookie, boolean noMatch) {
            this.bridge = bridge;
            this.indent = indent;
            this.table = table;
            this.match = match;
            this.priority = priority;
            this.cookie = cookie;
            this.noMatch = noMatch;
        }

        OfprotoTable build() {
            return new OfprotoTable(bridge, indent, table, match, priority, cookie, noMatch, actions, annotations);
        }
    }
}
