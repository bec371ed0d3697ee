package ovntrace.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ovntrace.support.Repo;
import ovntrace.support.ScriptDirectives;

/**
 * Scripts must run from a URL as well as from a checkout, and JBang drops globs for URL runs: so every library file
 * and template is listed explicitly somewhere, every listed file exists, and //DEPS match the Maven build.
 */
class DirectivesTest {

    static List<String> catalogScripts() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(Repo.file("jbang-catalog.json").toFile());
        List<String> scripts = new ArrayList<>();
        catalog.get("aliases").fields().forEachRemaining(e -> scripts.add(e.getValue().get("script-ref").asText()));
        return scripts;
    }

    @Test
    void every_alias_points_at_an_existing_script_with_a_description_and_java_17_or_later() throws Exception {
        JsonNode aliases = new ObjectMapper().readTree(Repo.file("jbang-catalog.json").toFile()).get("aliases");
        for (String name : List.of("ovntrace", "ovntrace-sandbox", "ovntrace-report", "ovntrace-shell")) {
            JsonNode alias = aliases.get(name);
            assertTrue(alias != null, "alias " + name + " missing from jbang-catalog.json");
            assertTrue(Files.isRegularFile(Repo.file(alias.get("script-ref").asText())), name + ": script missing");
            assertFalse(alias.path("description").asText().isBlank(), name + ": no description");
            assertEquals("17+", alias.path("java").asText(), name + ": java not pinned to 17+");
        }
    }

    @Test
    void directives_use_no_globs_and_name_existing_files() throws Exception {
        for (String script : catalogScripts()) {
            ScriptDirectives d = ScriptDirectives.of(script);
            for (String entry : concat(d.sources(), d.fileSources())) {
                assertFalse(entry.contains("*") || entry.endsWith("/"), script + ": glob or folder in directives: " + entry);
                assertTrue(Files.isRegularFile(Repo.file(entry)), script + ": listed file does not exist: " + entry);
            }
        }
    }

    @Test
    void every_library_source_and_template_is_listed_by_some_script() throws Exception {
        Set<String> listedSources = new TreeSet<>(), listedFiles = new TreeSet<>();
        for (String script : catalogScripts()) {
            ScriptDirectives d = ScriptDirectives.of(script);
            listedSources.addAll(d.sources());
            listedFiles.addAll(d.fileSources());
        }
        Set<String> unlisted = new TreeSet<>(Repo.filesUnder("lib", ".java"));
        unlisted.removeAll(listedSources);
        assertEquals(Set.of(), unlisted, "library sources no script lists in //SOURCES");
        Set<String> resources = new TreeSet<>(Repo.filesUnder("templates", ""));
        resources.addAll(Repo.filesUnder("lib", ".yaml"));
        resources.addAll(Repo.filesUnder("lib", ".jsh"));
        resources.removeAll(listedFiles);
        assertEquals(Set.of(), resources, "templates and resources no script lists in //FILES");
    }

    @Test
    void files_keep_their_folder_so_the_classpath_layout_matches_the_maven_build() throws Exception {
        for (String script : catalogScripts()) {
            for (String entry : ScriptDirectives.of(script).files()) {
                assertTrue(entry.contains("=") && entry.substring(0, entry.indexOf('=')).equals(entry.substring(entry.indexOf('=') + 1)),
                        script + ": //FILES entry must be written target=source with equal paths: " + entry);
            }
        }
    }

    @Test
    void script_dependencies_are_pinned_to_the_versions_the_maven_build_tests() throws Exception {
        String pom = Repo.read("pom.xml");
        for (String script : catalogScripts()) {
            for (String dep : ScriptDirectives.of(script).deps()) {
                String[] gav = dep.replaceAll("@.*$", "").split(":");
                assertEquals(3, gav.length, script + ": //DEPS without a pinned version: " + dep);
                assertEquals(gav[2], pomVersion(pom, gav[0], gav[1]), script + ": " + dep + " differs from pom.xml");
            }
        }
    }

    private static String pomVersion(String pom, String group, String artifact) {
        Matcher m = Pattern.compile("<groupId>" + Pattern.quote(group) + "</groupId>\\s*<artifactId>" + Pattern.quote(artifact)
                + "</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        if (!m.find()) return "(not in pom.xml)";
        String v = m.group(1);
        Matcher prop = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
        if (prop.matches()) {
            Matcher def = Pattern.compile("<" + Pattern.quote(prop.group(1)) + ">([^<]+)</").matcher(pom);
            return def.find() ? def.group(1) : v;
        }
        return v;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
