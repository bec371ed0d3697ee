package ovntrace.report;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The report formats: Markdown and HTML come from FreeMarker templates, JSON from the model itself. */
public enum Format {
    MD("report.md.ftl", ".md"), HTML("report.html.ftl", ".html"), JSON(null, ".json");

    private final String template;
    private final String extension;

    Format(String template, String extension) {
        this.template = template;
        this.extension = extension;
    }

    /** The template name looked up in {@code --template-dir} and then among the built-ins; null for JSON. */
    public String template() {
        return template;
    }

    public String extension() {
        return extension;
    }

    /** {@code md}, {@code markdown}, {@code html}, {@code htm} or {@code json}, any case. */
    public static Optional<Format> named(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "md", "markdown" -> Optional.of(MD);
            case "html", "htm" -> Optional.of(HTML);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** The format a report file's extension asks for ({@code report.html} is HTML). */
    public static Optional<Format> ofFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : named(name.substring(dot + 1));
    }
}
