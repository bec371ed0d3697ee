package ovntrace.kubesim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import ovntrace.ovn.SandboxLayout;

/**
 * Reads the {@link Fault} switches of one sandbox at the moment of a request. A switch that cannot be read or
 * parsed is off: a fault file being written must not fail requests in some other way than asked.
 */
public record Faults(SandboxLayout layout) {

    /** Streaming limit of the API server: what an exec'd command gets at most when no switch says otherwise. */
    static final long DEFAULT_EXEC_MAX_SECONDS = 600;

    public Optional<Fault.ApiFault> api() {
        String text = read(Fault.API).strip();
        return Arrays.stream(Fault.ApiFault.values()).filter(f -> f.spelling.equals(text)).findFirst();
    }

    public boolean execHangs(String node) {
        return lines(Fault.EXEC_HANG).stream().anyMatch(l -> l.equals("*") || l.equals(node));
    }

    /** The tools hidden from {@code PATH} on {@code node}, sorted. */
    public Set<String> hiddenTools(String node) {
        Set<String> tools = new TreeSet<>();
        for (String line : lines(Fault.HIDE_TOOLS)) {
            List<String> f = Arrays.asList(line.split("\\s+"));
            if (f.size() > 1 && (f.get(0).equals("*") || f.get(0).equals(node))) {
                tools.addAll(f.subList(1, f.size()));
            }
        }
        return tools;
    }

    public long execMaxSeconds() {
        try {
            return Long.parseLong(read(Fault.EXEC_MAX_SECONDS).strip());
        } catch (NumberFormatException e) {
            return DEFAULT_EXEC_MAX_SECONDS;
        }
    }

    private List<String> lines(Fault fault) {
        List<String> lines = new ArrayList<>();
        read(fault).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
        return lines;
    }

    private String read(Fault fault) {
        Path file = fault.file(layout);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
