package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/**
 * ./jbang's launch cache: a repeated run of a catalog alias goes straight to the java command line JBang resolved
 * before, and a change to the script, a //SOURCES file or the catalog is never answered with the old program. The
 * cache is the wrapper's and knows nothing of ovntrace, so the catalog here is a small one of the same shape (an
 * alias, a //DEPS line, a //SOURCES file): each change it proves costs a compile, a few seconds for it and half a
 * minute for ovntrace.
 */
class LaunchCacheTest {

    @Test
    void a_repeated_run_skips_jbang_and_any_change_is_resolved_again(@TempDir Path tmp) throws IOException {
        Path checkout = catalog(tmp.resolve("checkout"), false);
        Path jbangHome = tmp.resolve("jbang-home");
        Map<String, String> env = Map.of("JBANG_DIR", jbangHome.toString(), "OVNTRACE_BOOTSTRAP_JBANG", "1", "NO_COLOR", "1");

        Outcome first = run(checkout, env, "hello", "--version");
        assertEquals(0, first.exitCode(), first.describe());
        assertEquals("hello 1.0 [--version]", first.stdout().strip(), first.describe());
        try (Stream<Path> entries = Files.list(jbangHome.resolve("cache/launch"))) {
            assertEquals(1, entries.count(), "one launch entry was kept");
        }

        // JBang broken: only a run that does not start it can still work (and it keeps an empty argument and the exit code)
        Path bootstrap;
        try (Stream<Path> files = Files.list(jbangHome.resolve("mvn-bootstrap"))) {
            bootstrap = files.filter(f -> f.toString().endsWith(".classpath")).findFirst().orElseThrow();
        }
        String jbangClassPath = Files.readString(bootstrap);
        Files.writeString(bootstrap, checkout.resolve("hello.java").toString());
        Outcome cached = run(checkout, env, "hello", "-src", "", "fail");
        assertEquals(3, cached.exitCode(), cached.describe());
        assertEquals("hello 1.0 [-src] [] [fail]", cached.stdout().strip(), cached.describe());
        Files.writeString(bootstrap, jbangClassPath);

        // a //SOURCES file changed: the edited program runs, not the cached one
        Path greeting = checkout.resolve("lib/Greeting.java");
        Files.writeString(greeting, Files.readString(greeting).replace("\"hello 1.0\"", "\"hello 1.0 (edited)\""));
        Outcome edited = run(checkout, env, "hello");
        assertEquals("hello 1.0 (edited)", edited.stdout().strip(), edited.describe());

        // the catalog changed: the alias's new arguments apply
        Path catalog = checkout.resolve("jbang-catalog.json");
        Files.writeString(catalog, Files.readString(catalog).replace("\"script-ref\": \"hello.java\",",
                "\"script-ref\": \"hello.java\", \"arguments\": [\"--version\"],"));
        Outcome aliased = run(checkout, env, "hello");
        assertEquals(0, aliased.exitCode(), aliased.describe());
        assertEquals("hello 1.0 (edited) [--version]", aliased.stdout().strip(), aliased.describe());

        // the entry script changed
        Path script = checkout.resolve("hello.java");
        Files.writeString(script, Files.readString(script).replace("String.join(\" \", words)", "\"edited: \" + String.join(\" \", words)"));
        Outcome version = run(checkout, env, "hello.java", "--version");
        assertEquals("edited: hello 1.0 (edited) [--version]", version.stdout().strip(), version.describe());

        // a JBANG_* variable is part of what JBang resolved the command under: with one set, the run gets an entry of its own
        long before = entries(jbangHome);
        Map<String, String> withVariable = new java.util.HashMap<>(env);
        withVariable.put("JBANG_OVNTRACE_TEST", "1");
        Outcome other = run(checkout, withVariable, "hello.java", "--version");
        assertEquals("edited: hello 1.0 (edited) [--version]", other.stdout().strip(), other.describe());
        assertEquals(before + 1, entries(jbangHome), "a launch entry of its own for the run with JBANG_OVNTRACE_TEST");
        run(checkout, env, "hello.java", "--version");
        assertEquals(before + 1, entries(jbangHome), "the run without it still finds its own entry");
    }

    private static long entries(Path jbangHome) throws IOException {
        try (Stream<Path> entries = Files.list(jbangHome.resolve("cache/launch"))) {
            return entries.filter(f -> !f.getFileName().toString().contains(".")).count();
        }
    }

    @Test
    void a_script_with_a_training_run_starts_from_its_class_data_archive(@TempDir Path tmp) throws IOException {
        assertTrainedArchive(tmp, Map.of(), ".jsa", "-XX:SharedArchiveFile=", "shared objects file (top)");
    }

    /** JDK 25 and later: an AOT cache (classes loaded and linked) in place of the dynamic archive, with the same care. */
    @Test
    void on_jdk_25_the_archive_is_an_aot_cache(@TempDir Path tmp) throws IOException {
        Path jdk = jdk25OrLater();
        assumeTrue(jdk != null, "no JDK 25 or later under /usr/lib/jvm (nor OVNTRACE_TEST_JDK25): the AOT cache is not tried");
        assertTrainedArchive(tmp, Map.of("JAVA_HOME", jdk.toString()), ".aot", "-XX:AOTCache=", "shared objects file");
    }

    private static void assertTrainedArchive(Path tmp, Map<String, String> jdk, String suffix, String flag, String classSource)
            throws IOException {
        Path checkout = catalog(tmp.resolve("checkout"), true);
        Path jbangHome = tmp.resolve("jbang-home");
        Path launch = jbangHome.resolve("cache/launch");
        // on explicitly: the build turns it off for every other test (pom.xml), which is not about the archive
        Map<String, String> env = new HashMap<>(Map.of("JBANG_DIR", jbangHome.toString(), "OVNTRACE_BOOTSTRAP_JBANG", "1",
                "NO_COLOR", "1", "OVNTRACE_CDS", "1"));
        env.putAll(jdk);

        // the first run makes the entry, trains the archive (silently) and already starts from it
        Outcome first = run(checkout, env, "hello", "archive");
        assertEquals(0, first.exitCode(), first.describe());
        Path archive = only(launch, suffix);
        assertEquals("hello 1.0 [archive]\n" + flag + archive, first.stdout().strip(), first.describe());
        assertEquals(List.of(), jbangFree(first.stderr()).stream().filter(l -> !l.startsWith("jbang: bootstrapping")).toList(),
                "only JBang's own progress lines:\n" + first.describe());
        try (Stream<Path> files = Files.list(launch)) {
            assertEquals(List.of(), files.filter(f -> f.toString().contains(".tmp")).toList(), "nothing of the training left");
        }

        // a cached run maps it: the script's own class comes out of the archive, not out of its jar
        Path loaded = tmp.resolve("class-load.log");
        Map<String, String> logged = new HashMap<>(env);
        logged.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + loaded);
        Outcome cached = run(checkout, logged, "hello");
        assertEquals(0, cached.exitCode(), cached.describe());
        assertTrue(Files.readString(loaded).contains("hello source: " + classSource), Files.readString(loaded));

        // a run whose only argument is one of the script's cds-skip words starts without it; with more, it does not
        assertQuietRun(checkout, env, List.of("skip-archive"), "no archive");
        assertQuietRun(checkout, env, List.of("skip-archive", "more"), flag + archive);

        // garbage of the right size: the JVM refuses it without a word and the run goes on
        byte[] garbage = new byte[(int) Files.size(archive)];
        java.util.Arrays.fill(garbage, (byte) 7);
        Files.write(archive, garbage);
        assertQuietRun(checkout, env, flag + archive);

        // cut off (the JVM would crash on it): not used at all
        Files.write(archive, new byte[4096]);
        assertQuietRun(checkout, env, "no archive");

        // the class path changed under the same command (a jar rebuilt in place): trained again, the old one removed
        Path jar;
        try (Stream<Path> jars = Files.walk(jbangHome.resolve("cache/jars"))) {
            jar = jars.filter(f -> f.toString().endsWith("hello.jar")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Outcome retrained = run(checkout, env, "hello", "archive");
        Path again = only(launch, suffix);
        assertTrue(!again.equals(archive), "a new archive for the changed class path");
        assertEquals("hello 1.0 [archive]\n" + flag + again, retrained.stdout().strip(), retrained.describe());
        assertEquals(List.of(), jbangFree(retrained.stderr()), retrained.describe());

        // turned off: without the archive (OVNTRACE_CDS=0) and without the whole cache (OVNTRACE_LAUNCH_CACHE=0)
        Map<String, String> noCds = new HashMap<>(env);
        noCds.put("OVNTRACE_CDS", "0");
        assertQuietRun(checkout, noCds, "no archive");
        Map<String, String> noCache = new HashMap<>(env);
        noCache.put("OVNTRACE_LAUNCH_CACHE", "0");
        assertQuietRun(checkout, noCache, "no archive");
    }

    /** A JDK of feature release 25 or later: OVNTRACE_TEST_JDK25, else the newest such one under /usr/lib/jvm; or null. */
    private static Path jdk25OrLater() throws IOException {
        String given = System.getenv("OVNTRACE_TEST_JDK25");
        if (given != null && !given.isBlank()) return Path.of(given);
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && !Files.isSymbolicLink(h))
                    .filter(h -> feature(h) >= 25).max(java.util.Comparator.comparingInt(LaunchCacheTest::feature)).orElse(null);
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                var m = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
        } catch (IOException e) {
            // no release file: not a JDK this test can use
        }
        return 0;
    }

    private static void assertQuietRun(Path checkout, Map<String, String> env, String archiveLine) {
        assertQuietRun(checkout, env, List.of("archive"), archiveLine);
    }

    private static void assertQuietRun(Path checkout, Map<String, String> env, List<String> args, String archiveLine) {
        List<String> line = new java.util.ArrayList<>(List.of("hello"));
        line.addAll(args);
        Outcome o = run(checkout, env, line.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.describe());
        String words = args.stream().map(a -> "[" + a + "]").collect(java.util.stream.Collectors.joining(" "));
        assertEquals("hello 1.0 " + words + "\n" + archiveLine, o.stdout().strip(), o.describe());
        assertEquals(List.of(), jbangFree(o.stderr()), o.describe());
    }

    /** stderr without JBang's own progress lines (a run that resolves prints "[jbang] Building jar..."). */
    private static List<String> jbangFree(String stderr) {
        return stderr.lines().filter(l -> !l.contains("[jbang]")).toList();
    }

    private static Path only(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), "one " + suffix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    private static Outcome run(Path dir, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("./jbang"));
        command.addAll(List.of(args));
        return Processes.run(command, dir, new HashMap<>(env), Duration.ofMinutes(5));
    }

    /**
     * The wrapper, and a catalog shaped like ovntrace's: an alias to a script with //DEPS and //SOURCES; with
     * {@code training}, the script names a class-data training run as ovntrace.java does. The script prints its
     * words, and with a word containing "archive" the class-data archive or AOT cache its JVM was given; a run of
     * only "skip-archive" (or --version) starts without it.
     */
    private static Path catalog(Path to, boolean training) throws IOException {
        Files.createDirectories(to.resolve("lib"));
        Files.copy(Repo.root().resolve("jbang"), to.resolve("jbang"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(to.resolve("jbang-catalog.json"), """
                {
                  "aliases": {
                    "hello": {
                      "script-ref": "hello.java",
                      "java": "17+"
                    }
                  }
                }
                """);
        Files.writeString(to.resolve("hello.java"), """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //JAVA 17+
                //DEPS info.picocli:picocli:4.7.7
                //SOURCES lib/Greeting.java
                %s
                import java.util.ArrayList;
                import java.util.List;

                class hello {
                    public static void main(String[] args) {
                        if (List.of(args).equals(List.of("--train"))) System.exit(Greeting.TEXT.isEmpty() ? 1 : 0);
                        List<String> words = new ArrayList<>(List.of(Greeting.TEXT));
                        for (String a : args) words.add("[" + a + "]");
                        System.out.println(String.join(" ", words));
                        if (List.of(args).stream().anyMatch(a -> a.contains("archive"))) {
                            System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                    .filter(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache="))
                                    .findFirst().orElse("no archive"));
                        }
                        System.exit(List.of(args).contains("fail") ? 3 : 0);
                    }
                }
                """.formatted(training ? "// launch-cache cds-training: --train\n// launch-cache cds-skip: --version skip-archive\n" : ""));
        Files.writeString(to.resolve("lib/Greeting.java"), """
                class Greeting {
                    /** picocli is on the class path as for ovntrace: a //DEPS line resolved. */
                    static final String TEXT = picocli.CommandLine.class.getSimpleName().isEmpty() ? "" : "hello 1.0";
                }
                """);
        return to;
    }
}
