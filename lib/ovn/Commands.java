package ovntrace.ovn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import ovntrace.lib.cluster.PodExec.ExecResult;

/** Runs local programs (never through a shell) and collects what they print. */
public final class Commands {

    private Commands() {}

    /** Runs {@code argv} to completion; a timeout kills it and yields exit code -1. */
    public static ExecResult run(List<String> argv, Map<String, String> env, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Detached daemons keep their working directory (--no-chdir): never pin the caller's.
        pb.directory(new java.io.File("/"));
        return finish(pb.start(), timeout);
    }

    /** Waits for a started process, reading stdout and stderr concurrently so that neither pipe fills up. */
    public static ExecResult finish(Process process, Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        boolean done;
        try {
            done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = out.join();
        String stderr = err.join();
        if (!done) {
            stderr += (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n") + "timed out after " + timeout.toSeconds() + " s";
        }
        return new ExecResult(done ? process.exitValue() : -1, stdout, stderr, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Like {@link #run} but a failure becomes a {@link SandboxException} quoting the command and its stderr. */
    public static String check(List<String> argv, Map<String, String> env, Duration timeout) throws SandboxException {
        ExecResult r;
        try {
            r = run(argv, env, timeout);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new SandboxException(SandboxException.FAILED, "command failed (exit " + r.exitCode() + "): "
                    + abbreviate(String.join(" ", argv)) + ": " + firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr()));
        }
        return r.stdout();
    }

    static String check(List<String> argv) throws SandboxException {
        return check(argv, Map.of(), Duration.ofSeconds(60));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("(no output)");
    }

    private static String abbreviate(String command) {
        return command.length() <= 160 ? command : command.substring(0, 157) + "...";
    }
}
