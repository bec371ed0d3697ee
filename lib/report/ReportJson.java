package ovntrace.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.Verdict;

/**
 * The JSON form of a report (schema: {@code templates/report.schema.json}). Readers accept fields they do not know,
 * so a newer ovntrace of the same schema version can add fields. Version 1 files are converted on reading
 * ({@link ReportJsonV1}); other versions are refused.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(names());

    private ReportJson() {}

    /**
     * The trace layer's enums as the JSON spells them: verdicts lower-case ({@code pass}), legs by {@link Leg#id()},
     * tools by {@link #toolId}. Reading accepts any case of a verdict, as version 1 wrote them upper-case.
     */
    private static SimpleModule names() {
        SimpleModule m = new SimpleModule("ovntrace-report-names");
        m.addSerializer(Verdict.class, new ToStringSerializerBase(Verdict.class) {
            @Override
            public String valueToString(Object v) {
                return ((Verdict) v).name().toLowerCase(Locale.ROOT);
            }
        });
        m.addSerializer(Leg.class, new ToStringSerializerBase(Leg.class) {
            @Override
            public String valueToString(Object v) {
                return ((Leg) v).id();
            }
        });
        m.addSerializer(Tool.class, new ToStringSerializerBase(Tool.class) {
            @Override
            public String valueToString(Object v) {
                return toolId((Tool) v);
            }
        });
        m.addDeserializer(Verdict.class, new FromStringDeserializer<>(Verdict.class) {
            @Override
            protected Verdict _deserialize(String value, DeserializationContext ctxt) {
                return Verdict.valueOf(value.toUpperCase(Locale.ROOT));
            }
        });
        m.addDeserializer(Leg.class, new FromStringDeserializer<>(Leg.class) {
            @Override
            protected Leg _deserialize(String value, DeserializationContext ctxt) {
                return Arrays.stream(Leg.values()).filter(l -> l.id().equals(value)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown leg " + value));
            }
        });
        m.addDeserializer(Tool.class, new FromStringDeserializer<>(Tool.class) {
            @Override
            protected Tool _deserialize(String value, DeserializationContext ctxt) {
                return Arrays.stream(Tool.values()).filter(t -> toolId(t).equals(value)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown tool " + value));
            }
        });
        return m;
    }

    /** {@code ovn-trace}, {@code ofproto/trace} or {@code ovn-detrace}: the tool's name without {@code ovs-appctl}. */
    public static String toolId(Tool tool) {
        return tool.label().replace("ovs-appctl ", "");
    }

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
        if (tree != null && "matrix".equals(tree.path("kind").asText()))
            throw new ReportException(source + ": a matrix report (\"kind\": \"matrix\"); ovntrace-report re-renders the report of"
                    + " one trace: take a cell's \"report\" from it, or run the matrix again with --report FILE.md or .html");
        if (tree == null || !tree.isObject() || !Report.GENERATOR.equals(tree.path("generator").asText()))
            throw new ReportException(source + ": not an ovntrace report (no \"generator\": \"ovntrace\")");
        int version = tree.path("schemaVersion").asInt(-1);
        boolean v1 = version == 1;
        if (v1) tree = ReportJsonV1.upgrade((ObjectNode) tree);
        else if (version != Report.SCHEMA_VERSION)
            throw new ReportException(source + ": report schema version " + version + ", this ovntrace reads versions "
                    + "1 and " + Report.SCHEMA_VERSION + "; re-render it with a matching ovntrace-report");
        try {
            Report report = MAPPER.treeToValue(tree, Report.class);
            return v1 ? ReportJsonV1.resummarized(report) : report;
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
