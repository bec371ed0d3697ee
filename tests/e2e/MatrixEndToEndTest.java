package ovntrace.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.cli.OvntraceCli;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.OvnVersion;
import ovntrace.support.Sandboxes;
import ovntrace.support.Sandboxes.Cluster;
import ovntrace.support.Sandboxes.Sandbox;

/**
 * Issue 14, item 3a on the local cluster's default topology (OVN 23.03, interconnect and central): every fedora pod to
 * every endpoint of Service default/fedora is a 3 × 3 matrix that passes, each cell traced to the endpoint its column
 * names; the fedora pods to shop's api pods are all dropped by shop's default deny, the matrix exits 255 and every
 * cell, on the console and in the report, names that NetworkPolicy. ovn-detrace runs only in the cells that fail
 * (traced again with it), and a passed cell's report says why it has none.
 */
class MatrixEndToEndTest {

    static final List<String> FEDORA = List.of("fedora-deployment-7d49fddf69-chmvh", "fedora-deployment-7d49fddf69-t4hqw",
            "fedora-deployment-7d49fddf69-vwjt7");

    @BeforeAll
    static void e2e() {
        Sandboxes.assumeE2e();
    }

    static Stream<Cluster> clusters() {
        return Sandboxes.pairwise(); // both versions, both modes: see Sandboxes.pairwise()
    }

    @TempDir
    static Path tmp;

    static OvntraceCli.Run matrix(Cluster cluster, Path json, String... args) {
        Sandbox sb = Sandboxes.of(cluster);
        List<String> argv = new ArrayList<>(List.of("-kubeconfig", sb.kubeconfig().toString()));
        argv.addAll(List.of(args));
        // cells share the nodes' cores: a generous deadline keeps a slow machine from turning a pass into "timed out"
        argv.addAll(List.of("--report", json.toString(), "--timeout", "300"));
        return OvntraceCli.run(argv.toArray(String[]::new));
    }

    /** The labels of a cell's steps run by {@code tool}, in every leg of its report. */
    static List<String> tools(JsonNode cell, String tool) {
        List<String> labels = new ArrayList<>();
        cell.path("report").findParents("tool").forEach(step -> {
            if (step.path("tool").asText().equals(tool) && step.has("command")) labels.add(step.path("label").asText());
        });
        return labels;
    }

    /** Asserts that {@code tools} does not pass vacuously: a cell's report has its steps where it looks. */
    static void assertHasSteps(JsonNode cell) {
        assertTrue(tools(cell, "ovn-trace").size() >= 3, "the report's steps are where tools() looks: " + cell.path("report"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void every_fedora_pod_reaches_every_endpoint_of_service_fedora(Cluster cluster) throws Exception {
        Path json = tmp.resolve("fedora-" + cluster.mode() + ".json");
        OvntraceCli.Run run = matrix(cluster, json, "-src-namespace", "default", "-src-selector", "app=fedora", "-service", "fedora",
                "--all-endpoints", "-tcp");
        assertEquals(0, run.exitCode(), run.describe());
        List<String> lines = run.lines();
        assertEquals(10, lines.size(), "a line per cell and the summary:\n" + run.describe());
        assertEquals("9 cells: 9 passed, 0 failed, 0 errors", lines.get(9));
        for (String src : FEDORA) {
            for (String backend : FEDORA) {
                String cell = "default/" + src + " → svc default/fedora → " + backend + ":80/TCP  PASSED  connection PASS";
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(cell)), cell + "\n" + run.describe());
            }
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals("matrix", report.path("kind").asText());
        assertEquals(9, report.path("cells").size());
        for (JsonNode cell : report.path("cells")) {
            String pinned = cell.path("destination").asText().replaceAll(".* → ", "");
            assertEquals("default/" + pinned, cell.at("/report/service/backend").asText(), "the cell traced the endpoint of its column");
            assertEquals("pass", cell.at("/report/verdict").asText());
            assertHasSteps(cell);
            assertEquals(List.of(), tools(cell, "ovn-detrace"), "a passed cell is not traced with ovn-detrace");
            assertTrue(cell.at("/report/notes").toString().contains("--detrace-all"), "and says so: " + cell.at("/report/notes"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_matrix_into_a_default_deny_namespace_fails_and_every_cell_names_the_policy(Cluster cluster) throws Exception {
        Path json = tmp.resolve("shop-" + cluster.mode() + ".json"), html = tmp.resolve("shop-" + cluster.mode() + ".html");
        OvntraceCli.Run run = matrix(cluster, json, "-src-namespace", "default", "-src-selector", "app in (fedora)",
                "-dst-namespace", "shop", "-dst-selector", "app=api", "-tcp", "-dst-port", "8080", "--parallel", "2", "--per-node", "1",
                "--report", html.toString());
        assertEquals(255, run.exitCode(), run.describe());
        List<String> lines = run.lines();
        assertEquals("3 cells: 0 passed, 3 failed, 0 errors", lines.get(lines.size() - 1), run.describe());
        for (String src : FEDORA) {
            String cell = "default/" + src + " → shop/api-0:8080/TCP  FAILED  connection FAIL (request fail, reply pass): request dropped by ACL";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(cell) && l.contains("NetworkPolicy shop")), cell + "\n" + run.describe());
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (JsonNode cell : report.path("cells")) {
            assertEquals("failed", cell.path("verdict").asText());
            assertEquals("fail", cell.at("/report/connection/request/verdict").asText());
            assertTrue(tools(cell, "ovn-detrace").size() >= 2, "a failed cell is traced again, with ovn-detrace: " + cell.at("/report/notes"));
        }
        String page = Files.readString(html);
        assertTrue(page.contains("<a href=\"#cell-0-0\""), "the grid links to the cell's section");
        assertTrue(page.contains("<section class=\"cell\" id=\"cell-2-0\">"), "every cell has its section");
        assertTrue(page.contains("id=\"cell-2-0-leg-request\""), "the section is the cell's single-run report, its ids scoped");
        assertTrue(page.contains("NetworkPolicy"), "the section names the policy");
    }
}
