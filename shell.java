///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION JShell with the ovntrace library loaded: trace, judge and render from the prompt or from a .jsh script.
//JAVA 17+
//MAIN shell
//SOURCES ovntrace.java
//FILES lib/prelude.jsh=lib/prelude.jsh

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * Opens JShell on this script's own class path (library, dependencies and templates), with the prelude's imports.
 * {@code jbang --interactive} cannot do this: it leaves the script's jar off JShell's class path.
 * Arguments go to JShell as they are, so {@code shell.java my-incident.jsh} runs a script.
 */
public class shell {

    public static void main(String[] args) throws Exception {
        Path prelude = Files.createTempFile("ovntrace-prelude", ".jsh");
        prelude.toFile().deleteOnExit();
        try (InputStream in = shell.class.getResourceAsStream("/lib/prelude.jsh")) {
            if (in == null) {
                System.err.println("ovntrace-shell: the prelude is missing from the build; rebuild with 'jbang build --fresh shell.java'");
                System.exit(1);
            }
            Files.copy(in, prelude, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> jshellArgs = new ArrayList<>(List.of(
                "--class-path", System.getProperty("java.class.path"),
                "--execution", "local",
                "--startup", "DEFAULT", "--startup", prelude.toString()));
        jshellArgs.addAll(List.of(args));
        System.exit(JavaShellToolBuilder.builder().start(jshellArgs.toArray(String[]::new)));
    }
}
