///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION ovntrace-report: re-render a saved ovntrace JSON report as Markdown, HTML or JSON with any template
//JAVA 17+
//MAIN report
//DEPS info.picocli:picocli:4.7.7
//DEPS org.freemarker:freemarker:2.3.34
//DEPS io.fabric8:kubernetes-client:7.5.2
//DEPS io.fabric8:kubernetes-httpclient-jdk:7.5.2
//SOURCES ovntrace.java
//FILES templates/report.md.ftl=templates/report.md.ftl
//FILES templates/report.html.ftl=templates/report.html.ftl
//FILES templates/report.schema.json=templates/report.schema.json
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import ovntrace.report.Format;
import ovntrace.report.Report;
import ovntrace.report.ReportException;
import ovntrace.report.ReportJson;
import ovntrace.report.ReportRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-renders a report saved by {@code ovntrace --report FILE.json}; reads nothing but that file and the templates. */
@Command(name = "ovntrace-report", mixinStandardHelpOptions = true, version = "ovntrace-report (report schema 2, reads 1)",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Re-render a saved ovntrace JSON report as Markdown, HTML or JSON, no cluster needed.",
        footer = {"", "Examples:",
                "  ovntrace-report run.json                        Markdown to stdout",
                "  ovntrace-report run.json -o run.html -o run.md  formats from the extensions",
                "  ovntrace-report run.json --format html --template-dir my-templates > run.html",
                "  ovntrace-report --schema                        JSON Schema of saved reports",
                "", "Exit status: 0 rendered; 1 report or template unreadable; 2 usage error."})
public class report implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPORT.json",
            description = "A report saved with ovntrace --report FILE.json.")
    Path input;

    @Option(names = {"-o", "--report"}, paramLabel = "FILE",
            description = "Write the report to FILE, its format from the extension (.md, .html, .json). Repeatable.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "md|html|json",
            description = "Print the report to stdout in this format (default: md unless -o is given).")
    String format;

    @Option(names = "--template-dir", paramLabel = "DIR",
            description = "Use report.md.ftl / report.html.ftl from DIR where present, the built-in templates otherwise.")
    Path templateDir;

    @Option(names = "--schema", description = "Print the JSON Schema of saved reports and exit.")
    boolean schema;

    @Option(names = "--debug", description = "Show stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return new CommandLine(new report()).execute(args);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        if (schema) {
            out.write(ReportJson.schema());
            out.flush();
            return 0;
        }
        if (input == null) throw usage("Missing REPORT.json (or --schema)");
        Optional<Format> stdoutFormat = format == null ? (outputs.isEmpty() ? Optional.of(Format.MD) : Optional.empty())
                : Optional.of(Format.named(format).orElseThrow(() -> usage("--format " + format + ": use md, html or json")));
        for (Path o : outputs)
            if (Format.ofFile(o).isEmpty()) throw usage("-o " + o + ": end the file name in .md, .html or .json");
        try {
            Report report = ReportJson.read(input);
            ReportRenderer renderer = ReportRenderer.create(Optional.ofNullable(templateDir));
            for (Path o : outputs) {
                renderer.write(report, o);
                err.println("ovntrace-report: wrote " + o);
            }
            if (stdoutFormat.isPresent()) {
                renderer.render(report, stdoutFormat.get(), out);
                out.flush();
            }
            return 0;
        } catch (ReportException e) {
            err.println("ovntrace-report: " + e.getMessage());
            if (debug) e.printStackTrace(err);
            return 1;
        }
    }
}
