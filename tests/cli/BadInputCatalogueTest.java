package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, item 3: every kind of bad input to the command line ends in exactly one clear line on stderr with the
 * documented exit code (1 for a bad value, 2 for a command line that does not parse), names what is wrong, shows no
 * stack trace, prints nothing on stdout, and runs nothing in the cluster: the API server counts exec requests.
 */
class BadInputCatalogueTest {

    static final String A = "fedora-deployment-7d49fddf69-chmvh", B = "fedora-deployment-7d49fddf69-t4hqw";
    /** A trace that would run: the documentation example's two pods over TCP. */
    static final List<String> TRACE = List.of("-src", A, "-dst", B, "-tcp");
    static final String LONG = "a".repeat(254);

    /** Stand-ins in the table for files made once the server runs. */
    static final String EMPTY_KUBECONFIG = "<empty kubeconfig>", ORPHAN_KUBECONFIG = "<kubeconfig whose current-context is gone>",
            BROKEN_TEMPLATES = "<templates with a syntax error>";

    record Case(String name, int exit, List<String> words, List<String> argv) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, int exit, List<String> words, String... argv) {
        return new Case(name, exit, words, List.of(argv));
    }

    /** The valid trace with one flag set to {@code value}; -service and -dst-ip take the place of -dst. */
    static List<String> traceWith(String flag, String value) {
        List<String> argv = new ArrayList<>(flag.equals("-service") || flag.equals("-dst-ip") ? List.of("-src", A, "-tcp") : TRACE);
        int at = argv.indexOf(flag);
        if (at >= 0) argv.set(at + 1, value);
        else argv.addAll(List.of(flag, value));
        if (flag.equals("--template-dir")) argv.addAll(List.of("--format", "md")); // templates matter only for a report
        return argv;
    }

    static Case with(String name, int exit, List<String> words, String flag, String value) {
        return new Case(name, exit, words, traceWith(flag, value));
    }

    static Stream<Case> structure() {
        return Stream.of(
                c("no -src", 1, List.of("source pod"), "-dst", B, "-tcp"),
                c("-src empty", 1, List.of("source pod"), "-src", "", "-dst", B, "-tcp"),
                c("neither -tcp nor -udp", 1, List.of("tcp", "udp"), "-src", A, "-dst", B),
                c("both -tcp and -udp", 1, List.of("tcp", "udp"), "-src", A, "-dst", B, "-tcp", "-udp"),
                c("no target", 1, List.of("-dst"), "-src", A, "-tcp"),
                c("-dst empty", 1, List.of("-dst"), "-src", A, "-dst", "", "-tcp"),
                c("-dst and -service", 1, List.of("-service"), "-src", A, "-dst", B, "-service", "web", "-tcp"),
                c("-dst and -dst-ip", 1, List.of("-dst-ip"), "-src", A, "-dst", B, "-dst-ip", "8.8.8.8", "-tcp"),
                c("unknown option", 2, List.of("-bogus"), "-src", A, "-dst", B, "-tcp", "-bogus"),
                c("stray argument", 2, List.of("extra"), "-src", A, "-dst", B, "-tcp", "extra"),
                c("-src without a value", 2, List.of("-src"), "-dst", B, "-tcp", "-src"),
                c("-tcp=maybe", 2, List.of("-tcp", "maybe"), "-src", A, "-dst", B, "-tcp=maybe"),
                c("--mode mesh", 2, List.of("--mode", "mesh"), "-src", A, "-dst", B, "-tcp", "--mode", "mesh"),
                c("missing @argfile", 2, List.of("/nonexistent/trace.args"), "@/nonexistent/trace.args"));
    }

    static Stream<Case> names() {
        return Stream.of(
                with("-src uppercase", 1, List.of("-src"), "-src", "Fedora"),
                with("-src 254 chars", 1, List.of("-src"), "-src", LONG),
                with("-src with /", 1, List.of("-src"), "-src", "default/" + A),
                with("-src ..", 1, List.of("-src"), "-src", ".."),
                with("-src not ASCII", 1, List.of("-src"), "-src", "café"),
                with("-dst uppercase", 1, List.of("-dst"), "-dst", "Fedora"),
                with("-src-namespace uppercase", 1, List.of("-src-namespace"), "-src-namespace", "Default"),
                with("-src-namespace 254 chars", 1, List.of("-src-namespace"), "-src-namespace", LONG),
                with("-src-namespace leading dash", 1, List.of("-src-namespace"), "-src-namespace", "-default"),
                with("-src-namespace empty", 1, List.of("-src-namespace"), "-src-namespace", ""),
                with("-dst-namespace ..", 1, List.of("-dst-namespace"), "-dst-namespace", ".."),
                with("-dst-namespace with /", 1, List.of("-dst-namespace"), "-dst-namespace", "kube-system/x"),
                with("-service uppercase", 1, List.of("-service"), "-service", "Web"),
                with("-service with a dot", 1, List.of("-service"), "-service", "web.default"),
                with("-service 254 chars", 1, List.of("-service"), "-service", LONG),
                with("-ovn-config-namespace Bad_NS", 1, List.of("-ovn-config-namespace", "Bad_NS"), "-ovn-config-namespace", "Bad_NS"),
                with("-src pod that does not exist", 1, List.of("nosuch-pod"), "-src", "nosuch-pod"));
    }

    static Stream<Case> values() {
        return Stream.of(
                with("-dst-port 0", 1, List.of("-dst-port", "0"), "-dst-port", "0"),
                with("-dst-port 65536", 1, List.of("-dst-port", "65536"), "-dst-port", "65536"),
                with("-dst-port -1", 1, List.of("-dst-port", "-1"), "-dst-port", "-1"),
                with("-dst-port 80a", 1, List.of("-dst-port", "80a"), "-dst-port", "80a"),
                with("-dst-port empty", 1, List.of("-dst-port"), "-dst-port", ""),
                with("-addr-family ip5", 1, List.of("-addr-family", "ip5"), "-addr-family", "ip5"),
                with("-dst-ip unparsable", 1, List.of("-dst-ip"), "-dst-ip", "10.0.0.256"),
                with("-dst-ip 0.0.0.0", 1, List.of("-dst-ip", "0.0.0.0"), "-dst-ip", "0.0.0.0"),
                with("-dst-ip 255.255.255.255", 1, List.of("-dst-ip", "255.255.255.255"), "-dst-ip", "255.255.255.255"),
                with("-dst-ip 224.0.0.1 multicast", 1, List.of("-dst-ip", "224.0.0.1"), "-dst-ip", "224.0.0.1"),
                with("-dst-ip 127.0.0.1 loopback", 1, List.of("-dst-ip", "127.0.0.1"), "-dst-ip", "127.0.0.1"),
                c("-dst-ip ::", 1, List.of("-dst-ip", "::"), "-src", A, "-dst-ip", "::", "-tcp", "-addr-family", "ip6"),
                c("-dst-ip ::1", 1, List.of("-dst-ip", "::1"), "-src", A, "-dst-ip", "::1", "-tcp", "-addr-family", "ip6"),
                c("-dst-ip ff02::1", 1, List.of("-dst-ip", "ff02::1"), "-src", A, "-dst-ip", "ff02::1", "-tcp", "-addr-family", "ip6"),
                with("--timeout 0", 2, List.of("--timeout", "0"), "--timeout", "0"),
                with("--timeout -1", 2, List.of("--timeout", "-1"), "--timeout", "-1"),
                with("--timeout abc", 2, List.of("--timeout", "abc"), "--timeout", "abc"),
                with("-loglevel abc", 1, List.of("logging level"), "-loglevel", "abc"),
                c("-service port not exposed", 1, List.of("81", "80"), "-src", A, "-service", "web", "-tcp", "-dst-port", "81"),
                // a missing folder is made when the report is written, so unwritable means: under a file, or on /proc
                with("--report under a file", 1, List.of("--report", "not a folder"), "--report", "/proc/version/x.html"),
                with("--report unwritable", 1, List.of("--report", "cannot be written"), "--report", "/proc/x.html"),
                with("--report x.txt", 2, List.of("--report", "x.txt"), "--report", "x.txt"),
                with("--report empty", 2, List.of("--report"), "--report", ""),
                with("--format pdf", 2, List.of("--format", "pdf"), "--format", "pdf"),
                with("--template-dir missing", 1, List.of("template", "/nonexistent"), "--template-dir", "/nonexistent"),
                // the broken expression is on line 3 of the template written below; file:line:column is how compilers say it
                with("--template-dir syntax error", 1, List.of("report.md.ftl:3:"), "--template-dir", BROKEN_TEMPLATES));
    }

    static Stream<Case> clusterAccess() {
        return Stream.of(
                c("kubeconfig missing", 1, List.of("kubeconfig", "/nonexistent/kubeconfig"), "-kubeconfig", "/nonexistent/kubeconfig",
                        "-src", A, "-dst", B, "-tcp"),
                c("kubeconfig empty", 1, List.of("kubeconfig", "not a valid"), "-kubeconfig", EMPTY_KUBECONFIG, "-src", A, "-dst", B, "-tcp"),
                c("current-context missing", 1, List.of("gone", "mock"), "-kubeconfig", ORPHAN_KUBECONFIG, "-src", A, "-dst", B, "-tcp"),
                with("--context nosuch", 1, List.of("nosuch", "mock"), "--context", "nosuch"));
    }

    /**
     * Issue 14, item 3a: a matrix's own mistakes are usage errors (exit 2), refused before any trace runs; an empty
     * selection and too many cells are found by listing pods (a read), never by tracing.
     */
    static Stream<Case> matrix() {
        return Stream.of(
                c("-src-selector unbalanced", 2, List.of("-src-selector", "'('"), "-src-selector", "app in (web", "-dst", B, "-tcp"),
                c("-src-selector bad key", 2, List.of("-src-selector", "label key"), "-src-selector", "Bad Key=x", "-dst", B, "-tcp"),
                c("-dst-selector empty set", 2, List.of("-dst-selector", "at least one value"), "-src", A, "-dst-selector", "app in ()", "-tcp"),
                c("-dst-selector with $()", 2, List.of("-dst-selector", "label value"), "-src", A, "-dst-selector", "app=$(id)", "-tcp"),
                c("-src-selector with -src", 2, List.of("-src-selector", "-src"), "-src", A, "-src-selector", "app=web", "-dst", B, "-tcp"),
                c("-dst-selector with -dst", 2, List.of("-dst-selector", "-dst"), "-src", A, "-dst", B, "-dst-selector", "app=web", "-tcp"),
                c("-dst-selector with -service", 2, List.of("-dst-selector", "-service"), "-src", A, "-service", "web",
                        "-dst-selector", "app=web", "-tcp"),
                c("--all-endpoints without -service", 2, List.of("--all-endpoints", "-service"), "-src", A, "-dst", B, "-tcp", "--all-endpoints"),
                c("--parallel 0", 2, List.of("--parallel", "0"), "-src-selector", "app=web", "-dst", B, "-tcp", "--parallel", "0"),
                c("-addr-family dual with -dst-ip", 2, List.of("-addr-family dual", "-dst-ip", "ip4 or ip6"), "-src", A,
                        "-dst-ip", "192.0.2.10", "-tcp", "-addr-family", "dual"),
                c("--parallel 33", 2, List.of("--parallel", "33"), "-src-selector", "app=web", "-dst", B, "-tcp", "--parallel", "33"),
                c("--per-node 0", 2, List.of("--per-node", "0"), "-src-selector", "app=web", "-dst", B, "-tcp", "--per-node", "0"),
                c("--per-node 9", 2, List.of("--per-node", "9"), "-src-selector", "app=web", "-dst", B, "-tcp", "--per-node", "9"),
                c("--detrace-all with -skip-detrace", 2, List.of("--detrace-all", "-skip-detrace", "give one"),
                        "-src-selector", "app=web", "-dst", B, "-tcp", "--detrace-all", "-skip-detrace"),
                c("--max-cells 0", 2, List.of("--max-cells", "0"), "-src-selector", "app=web", "-dst", B, "-tcp", "--max-cells", "0"),
                c("--parallel abc", 2, List.of("--parallel", "abc"), "-src-selector", "app=web", "-dst", B, "-tcp", "--parallel", "abc"),
                c("matrix selecting no pods", 2, List.of("no pods in namespace default match selector app=nosuch"),
                        "-src-selector", "app=nosuch", "-dst", B, "-tcp"),
                c("matrix above --max-cells", 2, List.of("cells", "--max-cells 1", "narrow the selector"),
                        "-src-selector", "!nosuch", "-dst-selector", "!nosuch", "-tcp", "--max-cells", "1"),
                c("matrix with a bad -dst-port", 1, List.of("-dst-port", "0"), "-src-selector", "app=web", "-dst", B, "-tcp", "-dst-port", "0"));
    }

    /** Shell metacharacters appended to a valid value of every string flag: each must be refused as it is. */
    static final Map<String, String> INJECTIONS = Map.of("semicolon", ";id", "$()", "$(id)", "backticks", "`id`", "pipe", "|id",
            "&&", "&&id", "newline", "\nid", "quote", "'id");

    record Flag(String name, String validValue, int exit, String word) {}

    static final List<Flag> STRING_FLAGS = List.of(new Flag("-src", A, 1, "-src"), new Flag("-src-namespace", "default", 1, "-src-namespace"),
            new Flag("-dst", B, 1, "-dst"), new Flag("-dst-namespace", "default", 1, "-dst-namespace"),
            new Flag("-service", "web", 1, "-service"), new Flag("-dst-ip", "10.244.1.6", 1, "-dst-ip"),
            new Flag("-dst-port", "80", 1, "-dst-port"), new Flag("-addr-family", "ip4", 1, "-addr-family"),
            new Flag("-ovn-config-namespace", "ovn-kubernetes", 1, "-ovn-config-namespace"), new Flag("-loglevel", "0", 1, "logging level"),
            new Flag("--context", "mock", 1, "context"), new Flag("-kubeconfig", "/nonexistent", 1, "kubeconfig"),
            new Flag("--template-dir", "/nonexistent", 1, "template"), new Flag("--report", "x.html", 2, "--report"),
            new Flag("--format", "md", 2, "--format"));

    static Stream<Case> injections() {
        return STRING_FLAGS.stream().flatMap(f -> INJECTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(i ->
                with(f.name() + " with " + i.getKey(), f.exit(), List.of(f.word()), f.name(), f.validValue() + i.getValue())));
    }

    static Stream<Case> catalogue() {
        return Stream.of(structure(), names(), values(), clusterAccess(), matrix(), injections()).flatMap(s -> s);
    }

    static ExecCountingApiServer server;
    static Map<String, String> files;
    static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void cluster(@TempDir Path dir) throws Exception {
        server = new ExecCountingApiServer();
        Path templates = Files.createDirectories(dir.resolve("broken-templates"));
        Files.writeString(templates.resolve("report.md.ftl"), "# Trace\n\n${report.\n");
        files = Map.of(EMPTY_KUBECONFIG, Files.createFile(dir.resolve("empty-config")).toString(),
                ORPHAN_KUBECONFIG, server.kubeconfig(dir.resolve("orphan-config"), "gone", "orphan").toString(),
                BROKEN_TEMPLATES, templates.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The case's argv with the stand-ins resolved, aimed at the mock cluster unless the case names its own kubeconfig. */
    static String[] argv(Case c, Path kubeconfig) {
        List<String> argv = new ArrayList<>(c.argv().stream().map(a -> files.getOrDefault(a, a)).toList());
        if (!argv.contains("-kubeconfig")) argv.addAll(0, List.of("-kubeconfig", kubeconfig.toString()));
        return argv.toArray(String[]::new);
    }

    /** Each run gets a kubeconfig with a token of its own: the server counts exec requests by token. */
    static String newToken() {
        return "run-" + RUNS.incrementAndGet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void bad_input_is_one_clear_line_and_runs_nothing(Case c, @TempDir Path dir) throws Exception {
        String token = newToken();
        OvntraceCli.Run r = OvntraceCli.run(argv(c, server.kubeconfig(dir.resolve("config"), "mock", token)));
        String why = c.name() + " " + c.argv() + "\n" + r.describe();
        assertAll(
                () -> assertEquals(c.exit(), r.exitCode(), "exit code: " + why),
                () -> assertEquals(1, r.errorLines().size(), "exactly one line on stderr: " + why),
                () -> assertTrue(c.words().stream().allMatch(r.stderr()::contains), "the line names " + c.words() + ": " + why),
                () -> assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), "no stack trace: " + why),
                () -> assertEquals("", r.stdout(), "nothing on stdout: " + why),
                () -> assertEquals(0, server.execCount(token), "exec requests reached the API server: " + why));
    }

    @Test
    void the_catalogue_is_large_and_the_counter_sees_a_trace_that_runs(@TempDir Path dir) throws Exception {
        assertTrue(catalogue().count() >= 50);
        String token = newToken();
        OvntraceCli.Run r = OvntraceCli.run(argv(new Case("valid", 0, List.of(), TRACE), server.kubeconfig(dir.resolve("config"), "mock", token)));
        assertTrue(server.execCount(token) > 0, "a valid trace execs into the ovnkube-node pods:\n" + r.describe());
    }
}
