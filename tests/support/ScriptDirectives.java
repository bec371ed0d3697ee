package ovntrace.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Every file JBang compiles for {@code script}: the script, its //SOURCES, and theirs in turn (report.java and
     * shell.java list ovntrace.java, and JBang follows a sourced file's own //SOURCES, relative to that file).
     */
    public static List<String> compiledFiles(String script) {
        Set<String> seen = new LinkedHashSet<>();
        collect(script, seen);
        return List.copyOf(seen);
    }

    private static void collect(String file, Set<String> seen) {
        if (!seen.add(file)) return;
        Path dir = Path.of(file).getParent();
        for (String source : of(file).sources()) {
            collect((dir == null ? Path.of(source) : dir.resolve(source)).normalize().toString().replace('\\', '/'), seen);
        }
    }

    /** For {@code target=source} entries the source file; otherwise the entry itself. */
    public List<String> fileSources() {
        return files.stream().map(f -> f.contains("=") ? f.substring(f.indexOf('=') + 1) : f).toList();
    }
}
