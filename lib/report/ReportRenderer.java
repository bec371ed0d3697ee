package ovntrace.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link Report}. Templates are looked up in the user's template directory first, then among the built-in
 * ones on the classpath under {@code /templates}; {@code *.html.ftl} auto-escapes as HTML, {@code *.md.ftl} as
 * Markdown, so text from the cluster or from tool output always renders as text.
 */
public final class ReportRenderer {

    private final Configuration config;
    private final Optional<Path> templateDir;

    private ReportRenderer(Configuration config, Optional<Path> templateDir) {
        this.config = config;
        this.templateDir = templateDir;
    }

    public static ReportRenderer create(Optional<Path> templateDir) throws ReportException {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setLocalizedLookup(false);
        cfg.setRegisteredCustomOutputFormats(List.of(MarkdownOutputFormat.INSTANCE));
        TemplateConfiguration html = new TemplateConfiguration();
        html.setOutputFormat(HTMLOutputFormat.INSTANCE);
        TemplateConfiguration md = new TemplateConfiguration();
        md.setOutputFormat(MarkdownOutputFormat.INSTANCE);
        cfg.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.html.ftl"), html),
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.md.ftl"), md))
                .allowNoMatch(true));
        List<TemplateLoader> loaders = new ArrayList<>();
        if (templateDir.isPresent()) {
            Path dir = templateDir.get();
            if (!Files.isDirectory(dir))
                throw new ReportException("--template-dir " + dir + ": not a directory; give a folder holding "
                        + "report.md.ftl and/or report.html.ftl");
            try {
                loaders.add(new FileTemplateLoader(dir.toFile(), true));
            } catch (IOException e) {
                throw new ReportException("--template-dir " + dir + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        loaders.add(new ClassTemplateLoader(ReportRenderer.class, "/templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
        cfg.setSharedVariable("mdCode", MarkdownCode.CODE);
        cfg.setSharedVariable("mdFence", MarkdownCode.FENCE);
        return new ReportRenderer(cfg, templateDir);
    }

    /**
     * Loads the templates and renders a small report in every format, discarding the result: call it on another
     * thread while the traces run, so that reporting after them pays no class loading or template parsing.
     */
    public void warmUp() throws ReportException {
        Report sample = Samples.report();
        for (Format f : Format.values()) render(sample, f);
    }

    /**
     * Parses the template of each format, so that a syntax error in a custom template is reported before the
     * cluster is contacted rather than after a long trace; the message names the file, line and column.
     */
    public void check(java.util.Collection<Format> formats) throws ReportException {
        for (Format f : formats) if (f != Format.JSON) template(f);
    }

    private Template template(Format format) throws ReportException {
        try {
            return config.getTemplate(format.template());
        } catch (TemplateNotFoundException e) {
            throw new ReportException("template " + format.template() + " not found in the template directory or "
                    + "the built-in templates", e);
        } catch (freemarker.core.ParseException e) {
            throw new ReportException("template " + source(format) + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
                    + ": syntax error: " + firstLine(e.getEditorMessage()) + " (fix the template or drop --template-dir)", e);
        } catch (IOException e) {
            throw new ReportException("template " + source(format) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The file a template comes from: the user's copy if the template directory has one. */
    private String source(Format format) {
        return templateDir.map(d -> d.resolve(format.template())).filter(Files::isRegularFile)
                .map(Path::toString).orElse("templates/" + format.template() + " (built-in)");
    }

    public void render(Report report, Format format, Writer out) throws IOException, ReportException {
        if (format == Format.JSON) {
            ReportJson.write(report, out);
            return;
        }
        Template template = template(format);
        try {
            template.process(Map.of("report", report), out);
        } catch (TemplateException e) {
            throw new ReportException("template " + format.template() + " failed at line " + e.getLineNumber()
                    + ": " + firstLine(e.getMessageWithoutStackTop()), e);
        }
    }

    /**
     * Renders the template {@code name} (looked up like the report's, escaped by its extension) with {@code model}:
     * for views made of several reports, such as a matrix of traces.
     */
    public String render(String name, Map<String, Object> model) throws ReportException {
        StringWriter out = new StringWriter();
        try {
            config.getTemplate(name).process(model, out);
        } catch (TemplateException e) {
            throw new ReportException("template " + name + " failed at line " + e.getLineNumber() + ": "
                    + firstLine(e.getMessageWithoutStackTop()), e);
        } catch (IOException e) {
            throw new ReportException("template " + name + ": cannot read (" + e.getMessage() + ")", e);
        }
        return out.toString();
    }

    public String render(Report report, Format format) throws ReportException {
        StringWriter out = new StringWriter();
        try {
            render(report, format, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Writes the report to {@code file} in the format its extension names. */
    public void write(Report report, Path file) throws ReportException {
        Format format = Format.ofFile(file).orElseThrow(() -> new ReportException("--report " + file
                + ": cannot tell the format from the file name; end it in .md, .html or .json"));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (Writer w = Files.newBufferedWriter(file)) {
                render(report, format, w);
            }
        } catch (IOException e) {
            throw new ReportException("--report " + file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
