package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.cli.OvntraceCli;
import ovntrace.kubesim.ApiRequest;
import ovntrace.kubesim.OvnkubePods;
import ovntrace.support.RbacRules;
import ovntrace.support.Repo;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * The repository's {@code rbac.yaml} is enough: full runs with reports, checked request by request against its
 * rules in the sandbox API server's request log. Fails as soon as the code asks for anything more, and in
 * particular if it ever writes an object: the only write allowed is {@code create pods/exec} in ovn-kubernetes.
 */
class LeastPrivilegeEndToEndTest {

    private static final RbacRules RBAC = RbacRules.load(Repo.root().resolve("rbac.yaml"));
    private static final String CHMVH = TraceEndToEndTest.CHMVH, T4HQW = TraceEndToEndTest.T4HQW;

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    @Test
    void a_cross_node_trace_with_an_html_report_needs_only_the_manifests_rights(@TempDir Path tmp) {
        Path report = tmp.resolve("x.html");
        List<ApiRequest> requests = requestsOf(0, "-src", CHMVH, "-dst", T4HQW, "-udp", "-dst-port", "53",
                "--report", report.toString());
        assertTrue(Files.exists(report));
        assertOnlyAllowed(requests);
    }

    @Test
    void a_service_trace_with_a_json_report_needs_only_the_manifests_rights(@TempDir Path tmp) {
        Path report = tmp.resolve("x.json");
        List<ApiRequest> requests = requestsOf(0, "-src", CHMVH, "-service", "fedora", "-tcp", "-dst-port", "80",
                "--report", report.toString());
        assertTrue(Files.exists(report));
        assertTrue(requests.stream().anyMatch(r -> r.plainResource().equals("endpointslices")),
                "a Service trace reads its EndpointSlices\n" + requests);
        assertOnlyAllowed(requests);
    }

    @Test
    void a_trace_whose_report_names_the_policies_reads_them_and_nothing_more(@TempDir Path tmp) {
        Path report = tmp.resolve("x.json");
        // shop/front-0 -> shop/api-0 is allowed by a NetworkPolicy rule; the connection api-0 would start is dropped
        // by shop's default deny: the report quotes the rule and lists the policies isolating front-0
        List<ApiRequest> requests = requestsOf(255, "-src-namespace", "shop", "-src", "front-0", "-dst-namespace", "shop",
                "-dst", "api-0", "-tcp", "-dst-port", "8080", "-loglevel", "1", "--report", report.toString());
        assertTrue(requests.stream().anyMatch(r -> r.plainResource().equals("networkpolicies")),
                "the report reads the NetworkPolicies it quotes\n" + requests);
        assertOnlyAllowed(requests);
    }

    /** Runs the CLI and returns the requests the API server logged meanwhile. */
    private static List<ApiRequest> requestsOf(int exitCode, String... args) {
        Sandbox sb = Sandboxes.ic();
        long mark = sb.requestLog().mark();
        List<String> all = new ArrayList<>(List.of("-kubeconfig", sb.kubeconfig().toString()));
        all.addAll(List.of(args));
        OvntraceCli.Run run = OvntraceCli.run(all.toArray(String[]::new));
        assertEquals(exitCode, run.exitCode(), run.describe());
        List<ApiRequest> requests = sb.requestLog().since(mark);
        assertTrue(requests.stream().anyMatch(r -> r.rbacResource().equals("pods/exec")),
                "the run's requests were logged, exec included\n" + requests);
        return requests;
    }

    private static void assertOnlyAllowed(List<ApiRequest> requests) {
        List<String> refused = requests.stream().filter(r -> !RBAC.allows(r)).map(ApiRequest::toString).distinct().toList();
        assertEquals(List.of(), refused, "requests rbac.yaml does not allow; grant them only if they are really needed");
        List<String> writes = requests.stream().filter(r -> r.verb().mutates())
                .filter(r -> !(r.verb() == ApiRequest.Verb.CREATE && r.rbacResource().equals("pods/exec")
                        && r.namespace().equals(OvnkubePods.NAMESPACE)))
                .map(ApiRequest::toString).distinct().toList();
        assertEquals(List.of(), writes, "ovntrace must never change the cluster");
    }
}
