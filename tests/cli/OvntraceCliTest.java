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
        assertEquals(List.of("ovntrace: Unknown option: '-bogus'", "Try 'ovntrace --help' for more information."), r.errorLines());
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
                "Usage: -addr-family must be ip4 or ip6, got \"inet6\"");
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
                "context \"prod\" not found in " + kubeconfig + " (--context)");
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
}
