package ovntrace.ovn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes a sandbox started, in start order, one per line: {@code pid<TAB>label<TAB>match}. {@code match}
 * is a string the process's command line must contain (its pidfile path, or the API server's main class and
 * directory), which guards {@code down} against a recycled pid. Lines are appended as processes start, so a
 * sandbox that failed half-way can still be stopped.
 */
public final class Registry {

    public record Entry(long pid, String label, String match) {
        String line() {
            return pid + "\t" + label + "\t" + match;
        }
    }

    private final Path file;

    public Registry(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public synchronized void append(Entry entry) throws IOException {
        Files.writeString(file, entry.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    public List<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            if (f.length == 3 && f[0].chars().allMatch(Character::isDigit) && !f[0].isEmpty()) {
                entries.add(new Entry(Long.parseLong(f[0]), f[1], f[2]));
            }
        }
        return entries;
    }
}
