package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it without a cluster: help, upstream's flag spellings, and one clear line with
 * the documented exit code for every kind of bad input, never a stack trace.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OvntraceCliTest {

    static KubernetesClient client;

    private static void oneErrorLine(OvntraceCli.Run r, int exitCode, String line) {
        assertEquals(exitCode, r.exitCode(), r.describe());
        assertEquals(List.of(line), r.errorLines(), r.describe());
        assertEquals("", r.stdout());
    }

    @Test
    void help_lists_upstreams_flags_and_ovntraces_own_with_examples() {
        for (String flag : new String[] {"-h", "-help", "--help"}) {
            OvntraceCli.Run r = OvntraceCli.run(flag);
            assertEquals(0, r.exitCode());
            for (String f : new String[] {"-src,", "-src-namespace", "-dst-namespace", "-service", "-dst-ip", "-dst-port", "-tcp",
                    "-udp", "-addr-family", "-kubeconfig", "-ovn-config-namespace", "-loglevel", "-skip-detrace",
                    "-dump-udn-vrf-table-ids", "--context", "--fail-fast", "--timeout", "--mode", "Examples:", "Exit codes:"}) {
                assertTrue(r.stdout().contains(f), flag + " misses " + f + ":\n" + r.stdout());
            }
        }
    }

    @Test
    void version() {
        OvntraceCli.Run r = OvntraceCli.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("ovntrace "));
    }

    @Test
    void a_command_line_that_does_not_parse_exits_2() {
        OvntraceCli.Run r = OvntraceCli.run("-src", "a", "-tcp", "-bogus");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("ovntrace: Unknown option: '-bogus' (see ovntrace --help)"), r.errorLines());
        assertEquals(2, OvntraceCli.run("-src").exitCode(), "missing value");
        assertEquals(2, OvntraceCli.run("-src", "a", "-tcp=maybe").exitCode(), "not a boolean");
        assertEquals(2, OvntraceCli.run("--mode", "mesh").exitCode());
    }

    @Test
    void bad_values_get_upstreams_message_and_exit_1() {
        oneErrorLine(OvntraceCli.run("-tcp", "-dst", "b"), 1, "Usage: source pod must be specified");
        oneErrorLine(OvntraceCli.run("-src", "a", "-dst", "b"), 1, "Usage: either tcp or udp must be specified");
        oneErrorLine(OvntraceCli.run("-src", "a", "-dst", "b", "-tcp", "-udp"), 1, "Usage: Both tcp and udp cannot be specified at the same time");
        oneErrorLine(OvntraceCli.run("-src", "a", "-dst-ip", "1.2.3", "-tcp"), 1, "Usage: cannot parse IP address provided in -dst-ip");
        oneErrorLine(OvntraceCli.run("-src", "a", "-tcp"), 1, "Usage: exactly one of -dst, -service or -dst-ip must be set");
        oneErrorLine(OvntraceCli.run("-src", "a", "-dst", "b", "-tcp", "-dst-port", "http"), 1,
                "Usage: -dst-port must be a port number from 1 to 65535, got \"http\"");
        oneErrorLine(OvntraceCli.run("-src", "a", "-dst", "b", "-tcp", "-addr-family", "inet6"), 1,
                "Usage: -addr-family must be ip4, ip6 or dual, got \"inet6\"");
        oneErrorLine(OvntraceCli.run("-src", "a;reboot", "-dst", "b", "-udp"), 1,
                "Usage: -src \"a;reboot\" is not a valid Kubernetes name (lowercase letters, digits, '-', '.'); nothing was run");
        oneErrorLine(OvntraceCli.run("-loglevel", "debug", "-src", "a"), 1, "fatal: cannot set logging level");
    }

    @Test
    void double_dash_and_go_style_boolean_spellings_are_accepted() {
        OvntraceCli.Run r = OvntraceCli.run("--src=a", "--dst", "b", "--tcp=true", "-udp=false", "--skip-detrace=1", "-dst-port=x");
        oneErrorLine(r, 1, "Usage: -dst-port must be a port number from 1 to 65535, got \"x\"");
    }

    @Test
    void a_missing_kubeconfig_or_context_is_named() {
        oneErrorLine(OvntraceCli.run("-kubeconfig", "/nonexistent/kubeconfig", "-src", "a", "-dst", "b", "-tcp"), 1,
                "kubeconfig file /nonexistent/kubeconfig not found (-kubeconfig)");
    }

    @Test
    void an_unknown_context_and_an_unreachable_api_server_are_one_line_each(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir, "http://127.0.0.1:1");
        oneErrorLine(OvntraceCli.run("-kubeconfig", kubeconfig.toString(), "--context", "prod", "-src", "a", "-dst", "b", "-tcp"), 1,
                "context \"prod\" not found in " + kubeconfig + "; its contexts are test (--context)");
        oneErrorLine(OvntraceCli.run("-kubeconfig", kubeconfig.toString(), "-src", "a", "-dst", "b", "-tcp"), 1,
                "cannot reach the Kubernetes API server at http://127.0.0.1:1/; check -kubeconfig / --context and that the cluster is up");
    }

    @Test
    void a_cluster_without_ovn_kubernetes_is_named_and_debug_level_adds_the_stack_trace(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir, client.getMasterUrl().toString());
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", kubeconfig.toString(), "-src", "a", "-dst", "b", "-tcp");
        assertEquals(1, r.exitCode(), r.describe());
        assertEquals(1, r.errorLines().size(), r.describe());
        assertTrue(r.errorLines().get(0).startsWith("Cannot find ovnkube pods in any namespace"), r.describe());
        OvntraceCli.Run debug = OvntraceCli.run("-kubeconfig", kubeconfig.toString(), "-src", "a", "-dst", "b", "-tcp", "-loglevel", "5");
        assertTrue(debug.stderr().contains("at ovntrace.lib."), "stack trace at -loglevel 5:\n" + debug.describe());
        assertFalse(r.stderr().contains("\tat "));
    }

    static Path kubeconfig(Path dir, String server) throws Exception {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, String.join("\n", "apiVersion: v1", "kind: Config", "current-context: test",
                "clusters:", "- name: test", "  cluster:", "    server: " + server,
                "contexts:", "- name: test", "  context:", "    cluster: test", "    user: test",
                "users:", "- name: test", "  user:", "    token: secret", ""));
        return f;
    }

    @Test
    void a_timeout_that_is_not_a_positive_number_of_seconds_is_a_usage_error() {
        for (String t : new String[] {"0", "-1", "86401"}) {
            oneErrorLine(OvntraceCli.run("-src", "a", "-dst", "b", "-tcp", "--timeout", t), 2,
                    "ovntrace: --timeout " + t + ": give a number of seconds from 1 to 86400 (see ovntrace --help)");
        }
    }

    @Test
    void an_empty_kubeconfig_or_a_dangling_current_context_is_named(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        oneErrorLine(OvntraceCli.run("-kubeconfig", empty.toString(), "-src", "a", "-dst", "b", "-tcp"), 1,
                "kubeconfig " + empty + " is empty, not a valid kubeconfig (check -kubeconfig / $KUBECONFIG)");
        Path dangling = kubeconfig(dir, "http://127.0.0.1:1");
        Files.writeString(dangling, Files.readString(dangling).replace("current-context: test", "current-context: gone"));
        oneErrorLine(OvntraceCli.run("-kubeconfig", dangling.toString(), "-src", "a", "-dst", "b", "-tcp"), 1,
                "kubeconfig " + dangling + ": current-context \"gone\" does not exist; its contexts are test (pick one with --context)");
    }

    @Test
    void the_ovn_namespace_must_be_a_kubernetes_name_before_anything_is_asked(@TempDir Path dir) throws Exception {
        oneErrorLine(OvntraceCli.run("-kubeconfig", kubeconfig(dir, "http://127.0.0.1:1").toString(), "-src", "a", "-dst", "b", "-tcp",
                        "-ovn-config-namespace", "ovn;id"), 1,
                "Usage: -ovn-config-namespace \"ovn;id\" is not a valid Kubernetes namespace (lowercase letters, digits, '-'); nothing was run");
    }

    @Test
    void report_problems_are_found_before_the_cluster_is_contacted(@TempDir Path dir) throws Exception {
        // the API server is unreachable: had ovntrace contacted it, that would be the error
        String unreachable = kubeconfig(dir, "http://127.0.0.1:1").toString();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("report.md.ftl"), "# report\n${report.\n");
        OvntraceCli.Run broken = OvntraceCli.run("-kubeconfig", unreachable, "-src", "a", "-dst", "b", "-tcp", "--format", "md",
                "--template-dir", templates.toString());
        assertEquals(1, broken.exitCode(), broken.describe());
        assertEquals(1, broken.errorLines().size(), broken.describe());
        assertTrue(broken.stderr().startsWith("template " + templates.resolve("report.md.ftl") + ":2:10: syntax error"), broken.describe());
        Path file = Files.writeString(dir.resolve("taken"), "a file where a folder should be");
        OvntraceCli.Run unwritable = OvntraceCli.run("-kubeconfig", unreachable, "-src", "a", "-dst", "b", "-tcp",
                "--report", file.resolve("r.html").toString());
        assertEquals(1, unwritable.exitCode(), unwritable.describe());
        assertEquals(List.of("--report " + file.resolve("r.html") + ": " + file + " is not a folder; choose another path"),
                unwritable.errorLines(), unwritable.describe());
    }

    @Test
    void an_api_server_that_never_answers_is_given_up_after_the_timeout(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", kubeconfig(dir, url).toString(), "--timeout", "2",
                    "-src", "a", "-dst", "b", "-tcp");
            assertEquals(1, r.exitCode(), r.describe());
            assertEquals(1, r.errorLines().size(), r.describe());
            assertTrue(r.stderr().startsWith("the Kubernetes API server at " + url + "/ did not answer in 2 s"), r.describe());
        }
    }

    @Test
    void a_report_asked_for_is_written_even_when_the_cluster_cannot_be_reached(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("incident.json");
        OvntraceCli.Run r = OvntraceCli.run("-kubeconfig", kubeconfig(dir, "http://127.0.0.1:1").toString(),
                "-src", "a", "-dst", "b", "-tcp", "--report", report.toString());
        assertEquals(1, r.exitCode(), r.describe());
        assertEquals(List.of("ovntrace: report written to " + report,
                "cannot reach the Kubernetes API server at http://127.0.0.1:1/; check -kubeconfig / --context and that the cluster is up"),
                r.errorLines(), r.describe());
        String json = Files.readString(report);
        assertTrue(json.contains("\"verdict\" : \"inconclusive\"") || json.contains("\"verdict\":\"inconclusive\""), json);
        assertTrue(json.contains("not traced: cannot reach the Kubernetes API server"), json);
    }
}
