package ovntrace.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ovntrace.cli.OvntraceCli;

/**
 * One ovntrace run against a sandbox with a fault switched on: what it printed, how long it took, and the steps of
 * its JSON report. The run happens on its own thread with a hard cap, so that a client that never gives up fails
 * the test instead of hanging the build.
 */
public record FaultRun(String name, OvntraceCli.Run run, double seconds, Optional<JsonNode> report) {

    /** Far beyond any deadline ovntrace has: reaching it means the client waited for ever. */
    private static final Duration CAP = Duration.ofSeconds(180);

    /** One step of the report: where and what it ran, and how it ended. */
    public record Step(String label, String tool, String node, String verdict, String reason) {
        public boolean passed() {
            return verdict.equals("PASS");
        }
    }

    /** Runs the CLI in-process; a JSON {@code report} is read after the run if it exists. Prints {@code FAULT name took N.N s}. */
    public static FaultRun of(String name, Path report, List<String> args) {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fault-run-" + name);
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            Future<OvntraceCli.Run> f = pool.submit(() -> OvntraceCli.run(args.toArray(String[]::new)));
            OvntraceCli.Run run = f.get(CAP.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "FAULT %s took %.1f s%n", name, seconds);
            return new FaultRun(name, run, seconds, read(report));
        } catch (TimeoutException e) {
            System.out.printf(Locale.ROOT, "FAULT %s took more than %d s%n", name, CAP.toSeconds());
            throw new AssertionError("FAULT " + name + ": ovntrace did not end within " + CAP.toSeconds() + " s");
        } catch (Exception e) {
            throw new AssertionError("FAULT " + name + ": the run failed in the test harness", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<JsonNode> read(Path report) {
        try {
            return Files.exists(report) && report.toString().endsWith(".json") ? Optional.of(new ObjectMapper().readTree(report.toFile())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stderr lines that contain any of {@code words} (case-insensitive). */
    public List<String> errorLinesWith(String... words) {
        return run.errorLines().stream()
                .filter(l -> List.of(words).stream().anyMatch(w -> l.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT))))
                .toList();
    }

    /** No Java stack trace or exception class name reached the user. */
    public boolean noStackTrace() {
        return !run.stderr().contains("at ovntrace.") && !run.stderr().contains("Exception")
                && !run.stdout().contains("Exception");
    }

    /** Every step of every leg of the report (empty without a report); verdicts upper-case as the console prints them. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        report.ifPresent(r -> {
            List<JsonNode> legs = List.of(r.path("connection").path("request"), r.path("connection").path("reply"),
                    r.path("reverseInitiated"));
            for (JsonNode leg : legs) leg.path("steps").forEach(s -> steps.add(new Step(
                    s.path("label").asText(), s.path("tool").asText(), s.path("node").asText(),
                    s.path("verdict").asText().toUpperCase(Locale.ROOT), s.path("reason").asText())));
        });
        return steps;
    }

    /** For assertion messages: the time, the output and the report's steps. */
    public String describe() {
        return String.format(Locale.ROOT, "FAULT %s took %.1f s%n%s%n--- report steps ---%n%s", name, seconds,
                run.describe(), report.isEmpty() ? "(no report)" : String.join("\n", steps().stream().map(Step::toString).toList()));
    }
}
