package ovntrace.project;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovntrace.support.Repo;
import ovntrace.support.ScriptDirectives;

/**
 * Maven compiles every file together, so a script whose //SOURCES miss a file that a listed file uses passes every
 * Maven test and still fails under JBang with "cannot find symbol" (ScriptDelivery, then KubePodExec for sandbox.java).
 * Here each catalog script is compiled the way JBang compiles it: the script and its //SOURCES, nothing else.
 */
class ScriptSourcesTest {

    private static final int SHOWN = 5;

    @ParameterizedTest(name = "{0}")
    @MethodSource("ovntrace.project.DirectivesTest#catalogScripts")
    void each_script_compiles_from_the_files_it_lists_alone(String script, @TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            files.setLocation(StandardLocation.CLASS_PATH, dependencyJars());
            // Without an explicit (empty) source path javac looks for missing types' sources on the class path.
            files.setLocation(StandardLocation.SOURCE_PATH, List.of());
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
            List<File> sources = ScriptDirectives.compiledFiles(script).stream().map(f -> Repo.file(f).toFile()).toList();
            // Annotation processing is off: it cannot make a missing file appear, and it only costs time.
            List<String> options = List.of("--release", "17", "-encoding", "UTF-8", "-proc:none", "-nowarn");
            boolean compiled = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(sources)).call();
            assertTrue(compiled, script + " does not compile from its own //SOURCES (" + sources.size() + " files):\n"
                    + firstErrors(diagnostics.getDiagnostics()));
        }
    }

    /**
     * The //DEPS jars, taken from the test's class path. Its folders are left out: they hold Maven's classes of the
     * whole project, which would stand in for exactly the files a script forgot to list.
     */
    private static List<File> dependencyJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .map(File::new)
                .toList();
    }

    private static String firstErrors(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        List<Diagnostic<? extends JavaFileObject>> errors =
                diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        String shown = errors.stream().limit(SHOWN).map(ScriptSourcesTest::line).collect(Collectors.joining("\n"));
        return errors.size() > SHOWN ? shown + "\n... and " + (errors.size() - SHOWN) + " more errors" : shown;
    }

    private static String line(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "(no file)" : Repo.root().relativize(Path.of(d.getSource().toUri())).toString();
        return file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT);
    }
}
