package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.policy.AclDirectory;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.policy.LegPolicy;
import ovntrace.lib.policy.PolicyAttributionTest;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.Fixtures;
import ovntrace.support.TestTraces;

/**
 * A leg's "policy" in the report: written to JSON and read back whole, shown in Markdown and HTML with the owning
 * rule as YAML; a version 2 file written before there was a policy still reads (policy null) and renders.
 */
class ReportPolicyTest {

    /** shop/front-0 to shop/api-0 TCP 8080 on OVN 25.03: allowed by NetworkPolicy shop/api-ingress rule 0 (scenario N1). */
    static Report n1() throws Exception {
        TraceResult r = TestTraces.result(ClusterMode.IC, TestTraces.pod("shop", "front-0", "ovn-control-plane", "10.244.0.5",
                "0a:58:0a:f4:00:05"), TestTraces.pod("shop", "api-0", "ovn-worker", "10.244.1.7", "0a:58:0a:f4:01:07"), null,
                Protocol.TCP, 8080, List.of(TestTraces.saved(Leg.REQUEST, "ovn-trace --ct=new (remote) source pod to destination pod",
                        Tool.OVN_TRACE, "ovn-worker", Verdict.PASS, "policy-25.03/N1-request-ovn-trace-ct-new.txt")));
        AclDirectory acls = AclDirectory.parseNbctlJson(Fixtures.output("policy-25.03/acl-list-ovn-worker.txt"));
        return Report.from(r, Attributions.of(r, acls, PolicyAttributionTest.objects()));
    }

    @Test
    void the_policy_survives_json_and_back() throws Exception {
        Report report = n1();
        LegPolicy written = report.connection().request().policy();
        assertEquals("NetworkPolicy", written.deciding().kind().label());
        Report read = ReportJson.parse(ReportJson.toJson(report), "n1.json");
        assertEquals(written, read.connection().request().policy());
        assertTrue(ReportJson.toJson(report).contains("\"outcome\" : \"allowed\""));
    }

    @Test
    void markdown_and_html_show_the_explanation_and_the_rule_as_yaml() throws Exception {
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        String md = renderer.render(n1(), Format.MD);
        assertTrue(md.contains("**Policy:** allowed: NetworkPolicy shop/api-ingress, ingress rule 0"), md);
        assertTrue(md.contains("```yaml\n- from:\n  - podSelector:\n"), md);
        String html = renderer.render(n1(), Format.HTML);
        assertTrue(html.contains("<div class=\"policy policy-allowed\" id=\"policy-request\">"), html);
        assertTrue(html.contains("<pre class=\"mono yaml\">- from:"), html);
    }

    @Test
    void a_version_2_report_saved_before_policies_reads_without_one_and_renders() throws Exception {
        String old = ReportJson.toJson(Report.from(TestTraces.docsExample())).replaceAll(",\\s*\"policy\" : \\{[^{}]*(\\{[^{}]*}[^{}]*)*}", "");
        assertTrue(!old.contains("\"policy\""), old);
        Report read = ReportJson.parse(old, "old.json");
        assertNull(read.connection().request().policy());
        assertTrue(ReportRenderer.create(Optional.empty()).render(read, Format.HTML).contains("</html>"));
    }
}
