package ovntrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.support.Processes;
import ovntrace.support.Processes.Outcome;
import ovntrace.support.Repo;

/**
 * Scripts run from a URL as well as from a checkout: JBang fetches each listed source and template over HTTP
 * (it cannot expand globs there), so a file missing from //SOURCES or //FILES breaks this run.
 */
class RemoteScriptTest {

    static HttpServer server;
    static final Set<String> served = ConcurrentHashMap.newKeySet();
    @TempDir
    static Path jbangHome;

    @BeforeAll
    static void serveTheCheckout() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = Repo.root().resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean ok = file.startsWith(Repo.root()) && Files.isRegularFile(file);
            byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
            if (ok) served.add(Repo.root().relativize(file).toString());
            exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Outcome trust = jbang("trust", "add", url(""));
        assertEquals(0, trust.exitCode(), trust.describe());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    static Outcome jbang(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("./jbang"));
        command.addAll(List.of(args));
        return Processes.run(command, Repo.root(), Map.of("JBANG_DIR", jbangHome.toString(), "NO_COLOR", "1"), Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @CsvSource({
        "ovntrace.java, --help, -src-namespace, lib/report/ReportRenderer.java, templates/report.html.ftl",
        "sandbox.java, --help, ovntrace-sandbox, lib/kubesim/ApiServer.java, lib/topology/default-topology.yaml",
        "report.java, --help, ovntrace-report, lib/parse/OvnTraceParser.java, templates/report.md.ftl",
    })
    void a_catalog_script_runs_from_a_url(String script, String arg, String expected, String someSource, String someFile) {
        Outcome o = jbang(url(script), arg);
        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(o.stdout().contains(expected), o.describe());
        assertTrue(served.contains(someSource) && served.contains(someFile), "fetched over HTTP: " + served);
    }
}
