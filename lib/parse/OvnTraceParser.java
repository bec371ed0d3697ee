package ovntrace.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ovn-trace --detailed output. The tool prints a tree whose indentation depends on sibling order, so the parser
 * ignores indentation and reads the text as a sequence: titled sections (a line underlined with dashes) are pipelines
 * ({@code ingress(...)}, {@code egress(...)}, {@code multicast(...)}) or transformations ({@code ct_next(...)},
 * {@code ct_lb_mark}, {@code clone} ...); numbered lines are logical flows; indented lines under a flow are its
 * actions. Anything else is kept in {@link OvnTrace#unparsed()}.
 */
public final class OvnTraceParser {

    private static final Pattern PIPELINE = Pattern.compile("^(ingress|egress|multicast)\\((.*)\\)$");
    private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TABLE = Pattern.compile("^\\s*(\\d+)\\. (.+)$");
    private static final Pattern FLOW = Pattern.compile("^(.*), priority (-?\\d+), uuid ([0-9a-fA-F]+)$");
    private static final Pattern HEAD = Pattern.compile("^([A-Za-z0-9_]+)? ?(?:\\(([^()]*)\\))?: (.*)$");
    private static final Pattern NO_MATCH = Pattern.compile("^(?:([A-Za-z0-9_]+): )?no match \\(implicit drop\\)$");
    private static final Pattern OUTPUT = Pattern.compile("^/\\* output to \"((?:[^\"\\\\]|\\\\.)*)\", type \"(.*)\" \\*/$");

    private OvnTraceParser() {}

    public static OvnTrace parse(String text) {
        return new Run(Lines.of(text)).parse();
    }

    private static final class Run {
        private final List<String> lines;
        private final List<OvnPipeline> pipelines = new ArrayList<>();
        private final List<String> unparsed = new ArrayList<>();
        private String microflow = "";
        private Map<String, String> header;
        private String kind;
        private List<OvnStage> stages;
        private List<OvnOutput> outputs;
        private StageDraft stage;
        private String via = "";

        Run(List<String> lines) {
            this.lines = lines;
        }

        OvnTrace parse() {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i), t = line.strip();
                if (t.isEmpty()) continue;
                if (microflow.isEmpty() && kind == null && unparsed.isEmpty() && t.startsWith("# ")) {
                    microflow = t.substring(2);
                } else if (Lines.underlined(lines, i)) {
                    title(t);
                    i++;
                } else if (!table(line)) {
                    action(line, t);
                }
            }
            closePipeline();
            return new OvnTrace(microflow, pipelines, unparsed);
        }

        private void title(String t) {
            Matcher m = PIPELINE.matcher(t);
            if (m.matches()) {
                closePipeline();
                kind = m.group(1);
                header = new LinkedHashMap<>();
                Matcher kv = KEY_VALUE.matcher(m.group(2));
                while (kv.find()) header.put(kv.group(1), kv.group(2));
                stages = new ArrayList<>();
                outputs = new ArrayList<>();
                via = "";
            } else {
                // A ct/clone/arp step: printed under the action that caused it, and it leads into the next flow.
                if (stage != null) stage.actions.add(t);
                else unparsed.add(t);
                via = t;
            }
        }

        private boolean table(String line) {
            Matcher m = TABLE.matcher(line);
            if (!m.matches() || kind == null) return false;
            int table = Integer.parseInt(m.group(1));
            String body = m.group(2).strip();
            Matcher none = NO_MATCH.matcher(body);
            Matcher flow = FLOW.matcher(body);
            if (none.matches()) {
                openStage(new StageDraft(table, nz(none.group(1)), "", "", 0, "", true));
            } else if (flow.matches()) {
                Matcher head = HEAD.matcher(flow.group(1));
                boolean named = head.matches();
                openStage(new StageDraft(table, named ? nz(head.group(1)) : "", named ? nz(head.group(2)) : "",
                        named ? head.group(3) : flow.group(1), Integer.parseInt(flow.group(2)), flow.group(3), false));
            } else {
                return false;
            }
            return true;
        }

        private void action(String line, String t) {
            if (stage == null) {
                unparsed.add(line);
                return;
            }
            stage.actions.add(t);
            Matcher out = OUTPUT.matcher(t);
            if (out.matches()) outputs.add(new OvnOutput(header.getOrDefault("dp", ""), out.group(1), out.group(2)));
        }

        private void openStage(StageDraft next) {
            closeStage();
            next.via = via;
            via = "";
            stage = next;
        }

        private void closeStage() {
            if (stage != null) stages.add(stage.build());
            stage = null;
        }

        private void closePipeline() {
            closeStage();
            if (kind != null) {
                pipelines.add(new OvnPipeline(kind, header.getOrDefault("dp", ""), header.getOrDefault("inport", ""),
                        header.getOrDefault("outport", header.getOrDefault("mcgroup", "")), stages, outputs));
            }
            kind = null;
        }
    }

    private static final class StageDraft {
        final int table, priority;
        final String name, source, match, uuid;
        final boolean implicitDrop;
        final List<String> actions = new ArrayList<>();
        String via = "";

        StageDraft(int table, String name, String source, String match, int priority, String uuid, boolean drop) {
            this.table = table;
            this.name = name;
            this.source = source;
            this.match = match;
            this.priority = priority;
            this.uuid = uuid;
            this.implicitDrop = drop;
        }

        OvnStage build() {
            return new OvnStage(table, name, source, match, priority, uuid, actions, via, implicitDrop);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
