package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium} package) for checking rendered HTML: the DOM after loading, and
 * screenshots. Every call uses a fresh profile directory and keeps Chromium off the network.
 */
public final class Browser {

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--mute-audio", "--hide-scrollbars");

    private Browser() {}

    public static Optional<Path> executable() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static boolean available() {
        return executable().isPresent();
    }

    /** Where tests leave pictures and pages for a person to look at. */
    public static final Path ARTIFACTS = Repo.file("target/artifacts");

    /** The serialised DOM of the page after it loaded ({@code --dump-dom}). */
    public static String dumpDom(Path html) {
        return dumpDom(run(html, List.of("--dump-dom")));
    }

    /**
     * The serialised DOM once the page's scripts have had {@code budget} of virtual time ({@code --virtual-time-budget}):
     * for pages whose scripts finish asynchronously. Virtual time runs ahead when the page is idle, so this rarely takes
     * the whole budget in real time.
     */
    public static String dumpDom(Path html, Duration budget) {
        return dumpDom(run(html, List.of("--virtual-time-budget=" + budget.toMillis(), "--dump-dom")));
    }

    private static String dumpDom(Processes.Outcome o) {
        if (o.exitCode() != 0 || !o.stdout().contains("<html")) throw new AssertionError("chromium --dump-dom failed: " + o.describe());
        return o.stdout();
    }

    /** A 1400x2000 PNG of the page saved as {@code target/artifacts/<name>}, returning the file. */
    public static Path screenshot(Path html, String name) {
        return screenshot(html, ARTIFACTS.resolve(name), 1400, 2000);
    }

    /** Saves a PNG of the page at the given window size, returning the file. */
    public static Path screenshot(Path html, Path png, int width, int height) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.Outcome o = run(html, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height));
        if (!Files.isRegularFile(png)) throw new AssertionError("chromium --screenshot wrote nothing: " + o.describe());
        return png;
    }

    /** The visible text of a dumped DOM: tags removed, entities decoded, whitespace collapsed. */
    public static String text(String dom) {
        String body = dom.replaceAll("(?is)<style.*?</style>", " ").replaceAll("(?is)<title>.*?</title>", " ");
        String text = body.replaceAll("(?s)<[^>]*>", " ");
        return decode(text).replaceAll("\\s+", " ").strip();
    }

    /** Elements of the given tag name in a dumped DOM. */
    public static int count(String dom, String tag) {
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + "[\\s>/]", Pattern.CASE_INSENSITIVE).matcher(dom);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static String decode(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static Processes.Outcome run(Path html, List<String> extra) {
        Path exe = executable().orElseThrow(() -> new AssertionError(
                "chromium is not installed: apt-get install -y chromium (or run with -Dovntrace.e2e=false)"));
        Path profile;
        try {
            profile = Files.createTempDirectory("ovntrace-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(exe.toString()));
            cmd.addAll(FLAGS);
            cmd.add("--user-data-dir=" + profile);
            cmd.addAll(extra);
            cmd.add(html.toAbsolutePath().toUri().toString());
            return Processes.run(cmd, Repo.root(), Map.of("HOME", profile.toString()), Duration.ofSeconds(90));
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
