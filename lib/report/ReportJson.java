package ovntrace.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The JSON form of a report (schema: {@code templates/report.schema.json}). Readers accept fields they do not know,
 * so a newer ovntrace of the same schema version can add fields; a different {@code schemaVersion} is refused.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ReportJson() {}

    public static void write(Report report, Writer out) throws IOException {
        MAPPER.writeValue(new NonClosing(out), report);
        out.write('\n');
    }

    public static String toJson(Report report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report does not serialise", e);
        }
    }

    /** The JSON Schema of this version, {@code templates/report.schema.json} on the classpath. */
    public static String schema() {
        try (var in = ReportJson.class.getResourceAsStream("/templates/report.schema.json")) {
            if (in == null) throw new IllegalStateException("report.schema.json missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Report read(Path file) throws ReportException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such file; give the path of a report saved with --report FILE.json");
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public static Report parse(String json, String source) throws ReportException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ReportException(source + ": not JSON (line " + e.getLocation().getLineNr()
                    + "); give a report saved with --report FILE.json", e);
        }
        if (tree == null || !tree.isObject() || !Report.GENERATOR.equals(tree.path("generator").asText()))
            throw new ReportException(source + ": not an ovntrace report (no \"generator\": \"ovntrace\")");
        int version = tree.path("schemaVersion").asInt(-1);
        if (version != Report.SCHEMA_VERSION)
            throw new ReportException(source + ": report schema version " + version + ", this ovntrace reads version "
                    + Report.SCHEMA_VERSION + "; re-render it with a matching ovntrace-report");
        try {
            return MAPPER.treeToValue(tree, Report.class);
        } catch (JsonProcessingException e) {
            throw new ReportException(source + ": malformed report (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Jackson closes the writer it is given; callers own theirs (often stdout). */
    private static final class NonClosing extends FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
