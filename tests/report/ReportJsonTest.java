package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Verdict;
import ovntrace.support.Repo;
import ovntrace.support.TestTraces;

class ReportJsonTest {

    private final Report report = Report.from(TestTraces.docsExample());

    @Test
    void a_saved_report_reads_back_equal() throws Exception {
        assertEquals(report, ReportJson.parse(ReportJson.toJson(report), "test"));
    }

    @Test
    void the_json_is_the_documented_shape() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(report));
        assertEquals(2, json.get("schemaVersion").asInt());
        assertEquals("ovntrace", json.get("generator").asText());
        assertEquals("inconclusive", json.get("verdict").asText(), "verdicts are lower-case");
        assertEquals("pass", json.at("/connection/verdict").asText());
        assertEquals("pass", json.at("/connection/request/verdict").asText());
        assertEquals("request", json.at("/connection/request/leg").asText());
        assertTrue(json.at("/connection/reply").isNull(), "the reply was not traced");
        assertEquals("reverse-initiated", json.at("/reverseInitiated/leg").asText());
        assertEquals("transit_switch", json.at("/connection/request/hops/2/name").asText());
        assertEquals("ovn-worker2", json.at("/connection/request/hops/2/node").asText());
        assertEquals("tunnel", json.at("/connection/request/hops/4/kind").asText());
        assertEquals("udp", json.at("/connection/request/tuple/protocol").asText());
        assertEquals(52888, json.at("/connection/request/tuple/srcPort").asInt());
        assertEquals("ofproto/trace", json.at("/connection/request/steps/2/tool").asText());
        assertEquals("request", json.at("/connection/request/steps/2/leg").asText());
        assertTrue(json.at("/connection/request/steps/0/stdout").asText().contains("ls_in_l2_lkup"));
        assertTrue(json.at("/connection/request/steps/1/exitCode").isNull(), "a step that did not run has no exit status");
        assertEquals("skipped", json.at("/connection/request/steps/1/verdict").asText());
        assertTrue(json.get("service").isNull());
        assertTrue(json.path("directions").isMissingNode(), "version 1's directions are gone");
    }

    /** The schema documents every field the records write, and nothing else. */
    @Test
    void the_schema_lists_exactly_the_fields_of_every_record() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(ReportJson.schema());
        check(Report.class, schema, schema);
    }

    private static void check(Class<?> record, JsonNode node, JsonNode root) {
        Set<String> fields = new TreeSet<>(), documented = new TreeSet<>(), required = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) fields.add(c.getName());
        node.get("properties").fieldNames().forEachRemaining(documented::add);
        node.get("required").forEach(r -> required.add(r.asText()));
        assertEquals(fields, documented, record.getSimpleName() + ": schema properties");
        assertEquals(fields, required, record.getSimpleName() + ": schema required");
        for (RecordComponent c : record.getRecordComponents()) {
            Class<?> type = c.getType();
            if (type == List.class) type = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            if (!type.isRecord()) continue;
            JsonNode prop = node.get("properties").get(c.getName());
            if (prop.has("items")) prop = prop.get("items");
            check(type, resolve(prop, root), root);
        }
    }

    private static JsonNode resolve(JsonNode prop, JsonNode root) {
        if (prop.has("$ref")) return root.at(prop.get("$ref").asText().substring(1));
        for (Iterator<JsonNode> it = prop.path("oneOf").elements(); it.hasNext(); ) {
            JsonNode alt = it.next();
            if (alt.has("$ref")) return resolve(alt, root);
        }
        throw new AssertionError("no object schema in " + prop);
    }

    @Test
    void another_schema_version_is_refused_with_a_clear_message(@TempDir Path dir) throws Exception {
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, ReportJson.toJson(report).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"));
        ReportException e = assertThrows(ReportException.class, () -> ReportJson.read(newer));
        assertTrue(e.getMessage().contains("schema version 3, this ovntrace reads versions 1 and 2"), e.getMessage());
    }

    /** tests/fixtures/report-v1.json: a policy drop as ovntrace wrote it before version 2 (forward direction only). */
    @Test
    void a_version_1_report_reads_as_version_2_keeping_its_verdicts() throws Exception {
        Report old = ReportJson.read(Repo.file("tests/fixtures/report-v1.json"));
        assertEquals(Report.SCHEMA_VERSION, old.schemaVersion());
        assertEquals(Verdict.FAIL, old.verdict(), "the verdict the file holds");
        LegReport request = old.connection().request();
        assertEquals(Verdict.FAIL, request.verdict());
        assertEquals(Leg.REQUEST, request.leg());
        assertNull(old.connection().reply());
        assertEquals(Verdict.INCONCLUSIVE, old.connection().verdict());
        assertEquals("reply not traced (schema v1 report)", old.connection().reason());
        assertNull(old.reverseInitiated(), "that run traced no reverse direction");
        assertTrue(request.hops().stream().noneMatch(h -> h.node().isEmpty()), "every hop has a node");
        assertEquals("ovn-worker2", request.drop().node());
        assertEquals("NP:restricted:Ingress", request.drop().acl().name());
        assertTrue(request.steps().stream().allMatch(s -> s.leg() == Leg.REQUEST));
        assertTrue(old.summary().startsWith("connection INCONCLUSIVE (request fail, reply not traced): request dropped by ACL "
                + "NP:restricted:Ingress"), old.summary());
        assertEquals(old, ReportJson.parse(ReportJson.toJson(old), "rewritten"), "written back as version 2");
    }

    @Test
    void a_version_1_reverse_direction_becomes_the_reverse_initiated_leg_and_tunnels_lead_to_their_node() throws Exception {
        Report old = ReportJson.read(Repo.file("tests/fixtures/report-v1-cross-node.json"));
        assertEquals(Verdict.PASS, old.verdict());
        LegReport reverse = old.reverseInitiated();
        assertEquals(Leg.REVERSE_INITIATED, reverse.leg());
        assertEquals(Verdict.PASS, reverse.verdict());
        // the tunnel starts on the sending node; what follows it is on the node it leads to
        assertEquals(List.of("ovn-worker2", "ovn-worker2", "ovn-worker2", "ovn-worker2", "ovn-worker", "ovn-worker",
                "ovn-worker", "ovn-worker"), reverse.hops().stream().map(Hop::node).toList());
        assertEquals("to ovn-worker", reverse.hops().get(3).name());
    }

    @Test
    void files_that_are_not_reports_are_refused_with_what_to_do(@TempDir Path dir) throws Exception {
        Path notJson = dir.resolve("x.json"), other = dir.resolve("y.json");
        Files.writeString(notJson, "<html>");
        Files.writeString(other, "{\"kind\": \"Pod\"}");
        assertTrue(assertThrows(ReportException.class, () -> ReportJson.read(notJson)).getMessage().contains("not JSON"));
        assertTrue(assertThrows(ReportException.class, () -> ReportJson.read(other)).getMessage()
                .contains("not an ovntrace report"));
        assertTrue(assertThrows(ReportException.class, () -> ReportJson.read(dir.resolve("missing.json"))).getMessage()
                .contains("no such file"));
    }

    @Test
    void fields_added_by_a_newer_writer_of_the_same_version_are_ignored() throws Exception {
        String newer = ReportJson.toJson(report).replaceFirst("\\{", "{\"futureField\": [1, 2],");
        assertEquals(report, ReportJson.parse(newer, "newer"));
    }
}
