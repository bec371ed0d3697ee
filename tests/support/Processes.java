package ovntrace.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line the way a user would, capturing both streams (through files, so neither pipe can fill up). */
public final class Processes {

    public record Outcome(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private Processes() {}

    /** A fresh JVM of this test JVM's Java on the test class path: {@code java -cp <test class path> ARGS}. */
    public static List<String> java(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return command;
    }

    public static Outcome run(List<String> command, Path workDir, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return run(pb, timeout);
    }

    /** {@code pb} reading {@code stdin}, from a file too: a command that echoes as it reads never waits for us. */
    public static Outcome fed(ProcessBuilder pb, String stdin, Duration timeout) {
        try {
            Path in = Files.createTempFile("ovntrace-test", ".in");
            try {
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                return run(pb.redirectInput(in.toFile()), timeout);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome run(ProcessBuilder pb, Duration timeout) {
        try {
            Path out = Files.createTempFile("ovntrace-test", ".out"), err = Files.createTempFile("ovntrace-test", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + pb.command() + "\n" + Files.readString(err));
            }
            Outcome o = new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@code bash -c line} in the repository root. */
    public static Outcome bash(String line, Map<String, String> env, Duration timeout) {
        return run(List.of("bash", "-c", line), Repo.root(), env, timeout);
    }
}
