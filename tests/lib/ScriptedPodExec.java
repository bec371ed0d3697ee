package ovntrace.lib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.LookupCommands;
import ovntrace.lib.cluster.NodeAccess;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * A stand-in for the node pods: answers each command of a batch from a responder and records every exec call, so
 * tests can assert what ran where (and that nothing ran at all for invalid input). Pods can be made to hang past
 * the deadline or to refuse exec as RBAC would.
 */
final class ScriptedPodExec implements PodExec {

    /** Answers one command; {@code stdin} is the piped-in text for ovn-detrace, else empty. */
    interface Responder {
        ExecResult respond(ExecTarget where, String command, String stdin);
    }

    record Call(ExecTarget where, List<String> commands) {}

    private final Responder responder;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Set<Duration> deadlines = ConcurrentHashMap.newKeySet();
    private final Set<String> hanging = ConcurrentHashMap.newKeySet(), forbidden = ConcurrentHashMap.newKeySet();
    private volatile int hangAfterCall = Integer.MAX_VALUE;
    private volatile NodeAccess access = NodeAccess.LIVE;
    private volatile int maxScript = 1 << 20;
    private final java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();

    ScriptedPodExec(Responder responder) {
        this.responder = responder;
    }

    /** Exec into this node's pod never returns (until the caller's deadline). */
    ScriptedPodExec hang(String node) {
        hanging.add(node);
        return this;
    }

    /** Only calls after the first {@code n} hang: the lookups work, the traces hang. */
    ScriptedPodExec hangAfter(int n) {
        hangAfterCall = n;
        return this;
    }

    /** From now on the exec reaches the zone databases only, as the offline adapter's does. */
    ScriptedPodExec offline() {
        access = NodeAccess.DATABASES_ONLY;
        return this;
    }

    @Override
    public NodeAccess access() {
        return access;
    }

    /** Like the pods/exec adapter, which sends a long script over stdin: one exec for any batch. */
    @Override
    public int maxScriptLength(ExecTarget t) {
        return maxScript;
    }

    /** From now on a batch longer than {@code n} encoded characters is split, as over a URL-only exec. */
    ScriptedPodExec maxScript(int n) {
        maxScript = n;
        return this;
    }

    ScriptedPodExec forbid(String node) {
        forbidden.add(node);
        return this;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The deadlines the callers gave their exec calls: a run is bounded by them, whatever the machine's speed. */
    Set<Duration> deadlines() {
        return Set.copyOf(deadlines);
    }

    /** Every individual command run, as "node: command". */
    List<String> commands() {
        List<String> out = new ArrayList<>();
        for (Call c : calls()) c.commands().forEach(cmd -> out.add(c.where().node() + ": " + cmd));
        return out;
    }

    @Override
    public ExecResult exec(ExecTarget t, String command, Duration timeout) throws ExecException {
        List<Item> items = parse(command);
        int n = counter.incrementAndGet();
        // what ran: each command with the shell variables of the batch filled in, once the batch has run
        List<String> ran = Collections.synchronizedList(new ArrayList<>(items.stream().map(Item::display).toList()));
        calls.add(new Call(t, ran));
        deadlines.add(timeout);
        if (forbidden.contains(t.node())) {
            throw new ExecException("forbidden: the current user may not create pods/exec in namespace " + t.namespace()
                    + " (needed to run ovn-trace in " + t.pod() + "; ask for that RBAC permission)", (ExecResult) null);
        }
        if (hanging.contains(t.node()) || n > hangAfterCall) {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ExecException("timed out after " + timeout.toSeconds() + "s in pod " + t.namespace() + "/" + t.pod()
                    + " (container " + t.container() + ") (raise --timeout if the node is just slow)",
                    new ExecResult(-1, "", "", timeout));
        }
        Matcher m = Pattern.compile("^M=(\\S+)\n").matcher(command);
        if (!m.find()) return responder.respond(t, command, "");
        String marker = m.group(1);
        Map<String, String> shellVars = prelude(t, command);
        StringBuilder out = new StringBuilder(), err = new StringBuilder();
        Map<String, String> vars = new HashMap<>();
        for (Item parsed : items) {
            int i = parsed.index();
            if (parsed.inShell()) {
                // the shell code that reads looked-up facts into variables: real bash, over what the lookups printed
                ExecResult r = bash(parsed.command(), vars);
                shellVars.putAll(ovntrace.lib.cluster.ShellVariables.parse(r.stdout()));
                out.append(marker).append(" B ").append(i).append(" 100.000000\n").append(r.stdout())
                        .append('\n').append(marker).append(" E ").append(i).append(' ').append(r.exitCode()).append(" 100.250000\n");
                err.append(marker).append(" B ").append(i).append('\n').append(r.stderr())
                        .append('\n').append(marker).append(" E ").append(i).append(' ').append(r.exitCode()).append('\n');
                continue;
            }
            Item it = expand(parsed, shellVars);
            ran.set(items.indexOf(parsed), it.display());
            String stdin = "";
            if (it.feedFrom() != null) stdin = vars.computeIfAbsent(it.feedFrom(), v -> responder.respond(t, it.producer(), "").stdout());
            ExecResult r = respond(t, it.command(), stdin);
            if (it.captureAs() != null) vars.put(it.captureAs(), r.stdout());
            out.append(marker).append(" B ").append(i).append(" 100.000000\n").append(r.stdout())
                    .append('\n').append(marker).append(" E ").append(i).append(' ').append(r.exitCode()).append(" 100.250000\n");
            err.append(marker).append(" B ").append(i).append('\n').append(r.stderr())
                    .append('\n').append(marker).append(" E ").append(i).append(' ').append(r.exitCode()).append('\n');
        }
        return new ExecResult(0, out.toString(), err.toString(), Duration.ofMillis(300));
    }

    /**
     * The few shell forms ovntrace puts around commands: printf of a string, a guard on ovn-detrace, and ovn-detrace
     * fed distinct cookies (answered as the one-shot over the whole input, which that prints byte for byte).
     */
    private ExecResult respond(ExecTarget t, String command, String stdin) {
        String fed = upstream(command);
        if (!fed.equals(command)) return respond(t, fed, stdin);
        Matcher printf = Pattern.compile("(?s)printf %s \"(.*)\"").matcher(command);
        if (printf.matches()) return new ExecResult(0, printf.group(1), "", Duration.ZERO);
        Matcher guard = Pattern.compile("(?s)if type -p ovn-detrace >/dev/null 2>&1; then (.*); else .*; exit 127; fi").matcher(command);
        if (guard.matches()) {
            return responder.respond(t, LookupCommands.DETRACE_PRESENT, "").stdout().contains("true")
                    ? respond(t, guard.group(1), stdin) : new ExecResult(127, "", "ovn-detrace not found\n", Duration.ZERO);
        }
        return responder.respond(t, command, stdin);
    }

    /** Variables a batch's prelude sets from lookups ({@code V=$(cmd)}, {@code read -r V _ <<<"$(cmd)"}). */
    private Map<String, String> prelude(ExecTarget t, String script) {
        Map<String, String> vars = new HashMap<>();
        Matcher assign = Pattern.compile("(?m)^(\\w+)=\\$\\((.*?) 2>/dev/null\\)(;\\w+=.*)?$").matcher(script);
        while (assign.find()) {
            String cmd = assign.group(2).replace("--bare --columns=name find", "--columns name,ofport find");
            String out = responder.respond(t, cmd, "").stdout();
            Matcher name = Pattern.compile("name\\s*:\\s*\"?([^\"\\n]*)\"?").matcher(out);
            vars.put(assign.group(1), cmd.contains("--columns name,ofport") ? (name.find() ? name.group(1) : "") : out.strip().replace("\"", ""));
        }
        Matcher read = Pattern.compile("(?m)^read -r (\\w+) _ <<<\"\\$\\((.*) 2>/dev/null\\)\"$").matcher(script);
        while (read.find()) vars.put(read.group(1), responder.respond(t, read.group(2), "").stdout().strip().split("\\s+")[0]);
        return vars;
    }

    private static Item expand(Item it, Map<String, String> vars) {
        String c = it.command(), p = it.producer();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            // the three forms ShellVariables.expand writes, then the plain $V of earlier preludes
            for (String form : List.of("'\"${" + v.getKey() + "}\"'", "\"${" + v.getKey() + "}\"", "${" + v.getKey() + "}", "$" + v.getKey())) {
                c = c.replace(form, v.getValue());
                if (p != null) p = p.replace(form, v.getValue());
            }
        }
        return new Item(c, it.captureAs(), it.feedFrom(), p, it.index(), false);
    }

    /** Runs {@code code} in bash with {@code vars} (captured outputs, each with the batch's trailing x) set. */
    private static ExecResult bash(String code, Map<String, String> vars) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", code);
            vars.forEach((k, v) -> pb.environment().put(k, v + "x"));
            Process proc = pb.start();
            String stdout = new String(proc.getInputStream().readAllBytes()), stderr = new String(proc.getErrorStream().readAllBytes());
            return new ExecResult(proc.waitFor(), stdout, stderr, Duration.ZERO);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One command of a batch, with its index there (its result's markers carry it). */
    private record Item(String command, String captureAs, String feedFrom, String producer, int index, boolean inShell) {
        Item(String command, String captureAs, String feedFrom, String producer, int index) {
            this(command, captureAs, feedFrom, producer, index, false);
        }

        String display() {
            return feedFrom == null ? command : "(" + producer + ") | " + command;
        }
    }

    /** An item's block; a joined group's block opens with its first member's index and closes with its last one's. */
    private static final Pattern BLOCK = Pattern.compile("(?ms)^b (\\d+)\n(.*?)\n^e (\\d+) \\$\\??[rR]?$");
    /**
     * Fed items joined into one run of their command: one block runs it over every input and hands each member its
     * part; group 5 lists the members' indexes.
     */
    private static final Pattern JOINED = Pattern.compile("(?s)((?:\\w+=\\$\\( \\(.*?\\);printf x\\)\n)*)J=\\$\\( \\((.*?)\\)\\|(.*);r=\\$\\?;printf x;exit \\$r\\);R=\\$\\?\n(printf %s \"\\$\\{J%x}\"\\|awk .* -v g='([0-9 ]+)' .*)");
    /** ovn-detrace fed distinct cookies ({@code DetraceCommands.distinctCookies}): group 1 is the command it feeds. */
    private static final Pattern DISTINCT_COOKIES = Pattern.compile("(?s)\\(I=\\$\\(cat;printf x\\);.*\nR=\\$\\(printf '%s\\\\n' \"\\$F\"\\|(.*?);r=\\$\\?;printf x;exit \\$r\\);r=.*");
    /** A joined group's input that an earlier exec captured: the group runs its producer again first. */
    private static final Pattern RERUN = Pattern.compile("(?m)^(\\w+)=\\$\\( \\((.*?)\\);printf x\\)$");
    private static final Pattern INPUT = Pattern.compile("\\$\\{(\\w+)%x}");
    private static final Pattern CAPTURED = Pattern.compile("(?s)(\\w+)=\\$\\( \\((.*)\\);r=\\$\\?;printf x;exit \\$r\\);r=.*");
    private static final Pattern FED = Pattern.compile("(?s)(?:(\\w+)=\\$\\( \\((.*)\\);printf x\\);)?printf %s \"\\$\\{(\\w+)%x}\"\\|(.*)");
    private static final Pattern PLAIN = Pattern.compile("(?s)\\((.*)\\)");
    /** An in-shell item (its code runs in real bash over the batch's captured outputs); background items parse as any. */
    private static final Pattern IN_SHELL = Pattern.compile("(?s)s\\(\\)\\{ (.*)\n\\};s");

    /** ovn-detrace fed distinct cookies stands for upstream's ovn-detrace, which it answers for byte for byte. */
    private static String upstream(String command) {
        Matcher distinct = DISTINCT_COOKIES.matcher(command);
        return distinct.matches() ? distinct.group(1) : command;
    }

    /** Takes a {@link BatchScript} apart again; anything else is one plain command. */
    static List<Item> parse(String script) {
        if (!script.startsWith("M=OVNTRACE-")) return List.of(new Item(script, null, null, null, 0));
        List<Item> items = new ArrayList<>();
        Matcher b = BLOCK.matcher(script);
        Map<String, String> producers = new HashMap<>();
        while (b.find()) {
            int index = Integer.parseInt(b.group(1));
            String body = b.group(2);
            Matcher j = JOINED.matcher(body);
            Matcher c = CAPTURED.matcher(body), f = FED.matcher(body), p = PLAIN.matcher(body), sh = IN_SHELL.matcher(body);
            if (sh.matches()) {
                items.add(new Item(sh.group(1), null, null, null, index, true));
            } else if (j.matches()) {
                Matcher rerun = RERUN.matcher(j.group(1));
                while (rerun.find()) producers.put(rerun.group(1), rerun.group(2));
                List<String> inputs = new ArrayList<>();
                Matcher in = INPUT.matcher(j.group(2));
                while (in.find()) inputs.add(in.group(1));
                String[] members = j.group(5).split(" ");
                for (int k = 0; k < members.length; k++) {
                    String v = inputs.get(k);
                    items.add(new Item(upstream(j.group(3)), null, v, producers.get(v), Integer.parseInt(members[k])));
                }
            } else if (!b.group(3).equals(b.group(1))) {
                throw new IllegalStateException("a block that closes another item's bracket: " + body);
            } else if (c.matches()) {
                items.add(new Item(c.group(2), c.group(1), null, null, index));
                producers.put(c.group(1), c.group(2));
            } else if (f.matches()) {
                items.add(new Item(upstream(f.group(4)), null, f.group(3), f.group(2) != null ? f.group(2) : producers.get(f.group(3)), index));
            } else if (p.matches()) {
                items.add(new Item(p.group(1), null, null, null, index));
            } else {
                throw new IllegalStateException("unexpected batch item: " + body);
            }
        }
        return items;
    }
}
