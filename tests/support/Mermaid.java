package ovntrace.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Mermaid, checking diagram text the way GitHub and other Markdown viewers will: Mermaid's self-contained
 * browser bundle ({@code dist/mermaid.min.js} from the test dependency {@code org.webjars.npm:mermaid}, version pinned in
 * pom.xml) runs in Debian's headless Chromium from a local page. Each text goes through {@code mermaid.parse} and then
 * {@code mermaid.render}; the result is either the rendered SVG with the labels as displayed, or Mermaid's own error.
 * No network, no npm, no browser download: Maven fetched the bundle with the other test dependencies.
 */
public final class Mermaid {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/mermaid/pom.properties";
    private static final Duration BUDGET = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESULT = Pattern.compile("<pre id=\"result\">(.*?)</pre>", Pattern.DOTALL);
    private static Path bundleDir;

    /**
     * One diagram's outcome. {@code ok}: Mermaid parsed and rendered it; otherwise {@code error} is Mermaid's message.
     * {@code labels}: the visible text of every node, subgraph and edge label in the rendered SVG, in document order.
     */
    public record Result(String text, boolean ok, String error, String svg, List<String> labels) {
        public String describe() {
            return (ok ? "accepted" : "rejected: " + error) + "\n--- diagram ---\n" + text;
        }
    }

    private Mermaid() {}

    /** The bundled Mermaid's version, or null when the WebJar is not on the test classpath. */
    public static String version() {
        try (InputStream in = Mermaid.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Skips the calling test when Mermaid cannot run here: the WebJar missing from the classpath, or Chromium missing
     * with end-to-end tests disabled. With them enabled (CI) a missing Chromium fails instead, as for every browser test.
     */
    public static void assumeAvailable() {
        assumeTrue(version() != null, "the Mermaid bundle (org.webjars.npm:mermaid, see pom.xml) is not on the test classpath");
        assumeTrue(E2e.enabled() || Browser.available(), "chromium not installed and -Dovntrace.e2e=false: cannot run Mermaid");
    }

    public static Result parse(String text) {
        return parseAll(List.of(text)).get(0);
    }

    /** Fails with Mermaid's message and the diagram unless Mermaid accepts the text; returns the result. */
    public static Result assertValid(String text) {
        Result r = parse(text);
        if (!r.ok()) throw new AssertionError("Mermaid " + version() + " " + r.describe());
        return r;
    }

    /** Several diagrams in one browser run, results in the same order. */
    public static List<Result> parseAll(List<String> texts) {
        Path page = null;
        try {
            page = Files.createTempFile(bundleDir(), "check-", ".html");
            Files.writeString(page, page(texts));
            String dom = Browser.dumpDom(page, BUDGET);
            Matcher m = RESULT.matcher(dom);
            if (!m.find() || m.group(1).equals("pending"))
                throw new AssertionError("Mermaid did not finish within the virtual time budget of " + BUDGET + ":\n" + dom);
            JsonNode array = JSON.readTree(m.group(1));
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                JsonNode r = array.get(i);
                List<String> labels = new ArrayList<>();
                r.path("labels").forEach(l -> labels.add(l.asText()));
                results.add(new Result(texts.get(i), r.path("ok").asBoolean(), r.path("error").asText(null),
                        r.path("svg").asText(null), List.copyOf(labels)));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (page != null) page.toFile().delete();
        }
    }

    private static String page(List<String> texts) throws JsonProcessingException {
        // inside <script type="application/json"> only "</" could end the element early; JSON allows \u003c for '<'
        String input = JSON.writeValueAsString(texts).replace("<", "\\u003c");
        return """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>mermaid check</title><script src="mermaid.min.js"></script></head>
                <body><script type="application/json" id="input">%s</script><pre id="result">pending</pre><div id="out"></div>
                <script>
                mermaid.initialize({ startOnLoad: false });
                (async () => {
                  const texts = JSON.parse(document.getElementById('input').textContent), results = [];
                  for (let i = 0; i < texts.length; i++) {
                    try {
                      await mermaid.parse(texts[i]);
                      const { svg } = await mermaid.render('mermaid-check-' + i, texts[i]);
                      const holder = document.createElement('div');
                      holder.innerHTML = svg;
                      document.getElementById('out').appendChild(holder);
                      const labels = [...holder.querySelectorAll('span.nodeLabel, span.edgeLabel')]
                        .map(e => (e.innerText || e.textContent).trim());
                      results.push({ ok: true, svg, labels });
                    } catch (e) {
                      results.push({ ok: false, error: String(e && e.message || e) });
                    }
                  }
                  // ASCII only, and no '<', '>' or '&': the DOM dump then carries the JSON without entities
                  document.getElementById('result').textContent = JSON.stringify(results)
                    .replace(/[<>&\\u007f-\\uffff]/g, c => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
                })();
                </script></body></html>
                """.formatted(input);
    }

    /** A temporary folder holding a copy of mermaid.min.js, made once per test JVM. */
    private static synchronized Path bundleDir() throws IOException {
        if (bundleDir != null) return bundleDir;
        String version = version();
        if (version == null) throw new AssertionError("org.webjars.npm:mermaid is not on the test classpath (see pom.xml)");
        String resource = "META-INF/resources/webjars/mermaid/" + version + "/dist/mermaid.min.js";
        Path dir = Files.createTempDirectory("ovntrace-mermaid-" + version + "-");
        try (InputStream in = Mermaid.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new AssertionError("the Mermaid WebJar has no " + resource);
            Files.copy(in, dir.resolve("mermaid.min.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        // deleteOnExit runs in reverse order of registration: the folder first, so that it is empty when deleted
        dir.toFile().deleteOnExit();
        dir.resolve("mermaid.min.js").toFile().deleteOnExit();
        bundleDir = dir;
        return dir;
    }
}
