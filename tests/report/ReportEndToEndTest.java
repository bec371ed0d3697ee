package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.KubePodExec;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.policy.PolicyLookup;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.ovn.OvnVersion;
import ovntrace.parse.AclStage;
import ovntrace.support.Browser;
import ovntrace.support.Repo;
import ovntrace.support.Sandboxes;

/**
 * End to end against ovntrace-sandbox: real OVN daemons, the emulated API server, the real trace engine; reports in
 * all three formats, the HTML checked in headless Chromium.
 */
class ReportEndToEndTest {

    private static final Path ARTIFACTS = Repo.file("target/report-artifacts");
    private static final String CHMVH = "fedora-deployment-7d49fddf69-chmvh", T4HQW = "fedora-deployment-7d49fddf69-t4hqw";

    @BeforeAll
    static void needsTheSandbox() {
        Sandboxes.assumeE2e();
    }

    /** A trace through the API server and pods/exec, as ovntrace runs it, with the ACL lookup a report may need. */
    private static Report traceAndReport(TraceRequest request) {
        return traceAndReport(OvnVersion.V23_03, request);
    }

    private static Report traceAndReport(OvnVersion version, TraceRequest request) {
        try (KubernetesClient client = Sandboxes.of(version, ClusterMode.IC).client()) {
            KubePodExec exec = new KubePodExec(client);
            FabricClusterApi api = new FabricClusterApi(client);
            TraceResult result = new TraceEngine(api, exec, EngineOptions.defaults()).run(request);
            return Report.from(result, PolicyLookup.attribute(result, exec, api, Duration.ofSeconds(30)));
        }
    }

    private static Path writeAll(Report report, String name) throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        for (Format f : Format.values()) renderer.write(report, ARTIFACTS.resolve(name + f.extension()));
        return ARTIFACTS.resolve(name + ".html");
    }

    @Test
    void the_upstream_docs_example_gives_all_three_formats_and_the_browser_shows_both_legs_and_the_path()
            throws Exception {
        Report report = traceAndReport(new TraceRequest(new PodRef("default", CHMVH),
                new Target.Pod(new PodRef("default", T4HQW)), Protocol.UDP, 53, AddressFamily.IP4, false, false));
        Path html = writeAll(report, "e2e-docs-example");

        assertEquals(report, ReportJson.read(ARTIFACTS.resolve("e2e-docs-example.json")));
        String md = Files.readString(ARTIFACTS.resolve("e2e-docs-example.md"));
        assertTrue(md.contains("## Request: default/" + CHMVH + " → default/" + T4HQW + " — ✅ PASS"), md);
        assertTrue(md.contains("## Reverse-initiated: default/" + T4HQW + " → default/" + CHMVH + " — ✅ PASS"), md);

        String text = Browser.text(Browser.dumpDom(html));
        assertTrue(text.contains("Request: default/" + CHMVH + " → default/" + T4HQW + " PASS"), text);
        assertTrue(text.contains("Reverse-initiated: default/" + T4HQW + " → default/" + CHMVH + " PASS"), text);
        assertTrue(text.matches(".*switch ovn-worker2 .*router ovn_cluster_router .*transit-switch transit_switch .*"
                + "tunnel to ovn-worker .*switch ovn-worker .*port default_" + T4HQW + " .*"), "request path: " + text);
        Browser.screenshot(html, ARTIFACTS.resolve("e2e-docs-example.png"), 1400, 2000);
    }

    /** The same drop on every OVN version: 25.03 drops in ls_out_acl_action after the verdict of ls_out_acl_eval. */
    @ParameterizedTest
    @EnumSource(OvnVersion.class)
    void a_network_policy_drop_report_names_the_dropping_acl_and_the_policy(OvnVersion version) throws Exception {
        Report report = traceAndReport(version, new TraceRequest(new PodRef("default", T4HQW),
                new Target.Pod(new PodRef("restricted", "db-0")), Protocol.TCP, 80, AddressFamily.IP4, false, false));
        String name = "e2e-policy-drop-" + version.label();
        Path html = writeAll(report, name);

        assertEquals(Verdict.FAIL, report.verdict());
        LegReport forward = report.connection().request();
        assertEquals(Verdict.FAIL, forward.verdict());
        DropPoint drop = forward.drop();
        assertEquals("ls_out_acl", AclStage.of(drop.stage()).map(AclStage::family).orElse(""), drop.toString());
        assertEquals("ovn-worker2", drop.datapath());
        AclRef acl = drop.acl();
        assertEquals("NP:restricted:Ingress", acl.name());
        assertEquals("NetworkPolicy", acl.policyKind());
        assertEquals("restricted", acl.policyNamespace());

        String md = Files.readString(ARTIFACTS.resolve(name + ".md"));
        assertTrue(md.contains("- ACL: `NP:restricted:Ingress`"), md);
        assertTrue(md.contains("- NetworkPolicy: default deny of namespace `restricted`"), md);
        String text = Browser.text(Browser.dumpDom(html));
        assertTrue(text.contains("ACL NP:restricted:Ingress, to-lport, priority 1000"), text);
        assertTrue(text.contains("Policy NetworkPolicy restricted (default deny)"), text);
        Browser.screenshot(html, ARTIFACTS.resolve(name + ".png"), 1400, 2000);
    }
}
