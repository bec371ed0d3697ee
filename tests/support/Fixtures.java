package ovntrace.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saved tool output under {@code tests/fixtures/}: the first line is {@code # <where it came from>: <command>}, the
 * rest is exactly what the command printed.
 */
public final class Fixtures {

    public record Fixture(String name, String header, String output) {}

    private Fixtures() {}

    public static Fixture load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture tests/fixtures/" + name);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            if (!text.startsWith("# ") || eol < 0) throw new IllegalStateException(name + ": first line must be '# <source>: <command>'");
            return new Fixture(name, text.substring(2, eol), text.substring(eol + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names in a fixture folder, sorted. */
    public static List<String> list(String dir) {
        Path folder = Repo.file("tests/fixtures/" + dir);
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String output(String name) {
        return load(name).output();
    }
}
