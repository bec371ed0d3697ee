package ovntrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("ovntrace", json.get("generator").asText());
        assertEquals("PASS", json.at("/directions/0/verdict").asText());
        assertEquals("transit_switch", json.at("/directions/0/path/2/name").asText());
        assertTrue(json.at("/directions/0/steps/0/stdout").asText().contains("ls_in_l2_lkup"));
        assertTrue(json.at("/directions/0/steps/1/exitCode").isNull(), "a step that did not run has no exit status");
        assertTrue(json.get("service").isNull());
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
        Path old = dir.resolve("old.json");
        Files.writeString(old, ReportJson.toJson(report).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));
        ReportException e = assertThrows(ReportException.class, () -> ReportJson.read(old));
        assertTrue(e.getMessage().contains("schema version 2, this ovntrace reads version 1"), e.getMessage());
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
