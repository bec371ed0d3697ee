package ovntrace.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The JBang directives of one script: what JBang would compile, pack and resolve for it. */
public record ScriptDirectives(String script, List<String> sources, List<String> files, List<String> deps) {

    public static ScriptDirectives of(String script) {
        List<String> sources = new ArrayList<>(), files = new ArrayList<>(), deps = new ArrayList<>();
        for (String line : Repo.read(script).lines().toList()) {
            if (line.startsWith("//SOURCES ")) sources.addAll(words(line));
            else if (line.startsWith("//FILES ")) files.addAll(words(line));
            else if (line.startsWith("//DEPS ")) deps.addAll(words(line));
        }
        return new ScriptDirectives(script, sources, files, deps);
    }

    private static List<String> words(String line) {
        String rest = line.substring(line.indexOf(' ') + 1).replaceAll("\\s+//.*$", "");
        return Arrays.stream(rest.trim().split("[\\s,;]+")).filter(w -> !w.isBlank()).toList();
    }

    /** For {@code target=source} entries the source file; otherwise the entry itself. */
    public List<String> fileSources() {
        return files.stream().map(f -> f.contains("=") ? f.substring(f.indexOf('=') + 1) : f).toList();
    }
}
