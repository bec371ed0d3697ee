package ovntrace.ovn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code /proc} says about recorded processes, and stopping them by pid. A zombie counts as dead (a stopped
 * daemon may stay a zombie for a while where PID 1 reaps late), and a pid whose command line no longer contains
 * the recorded match is someone else's process and is left alone.
 */
public final class ProcessTable {

    private static final long GRACE_MILLIS = 5000;

    private ProcessTable() {}

    public static boolean alive(Registry.Entry e) {
        Path proc = Path.of("/proc", Long.toString(e.pid()));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            if (state.equals("Z") || state.equals("X")) {
                return false;
            }
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            return cmdline.contains(e.match());
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    /** Resident memory in KiB, if the process exists. */
    public static OptionalLong rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return OptionalLong.empty();
    }

    /**
     * SIGTERM to every live entry in reverse start order, then SIGKILL to whatever still lives after 5 s.
     * Returns the entries that could not be stopped (normally none).
     */
    public static List<Registry.Entry> stop(List<Registry.Entry> entries) {
        List<Registry.Entry> live = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Registry.Entry e = entries.get(i);
            if (alive(e)) {
                ProcessHandle.of(e.pid()).ifPresent(ProcessHandle::destroy);
                live.add(e);
            }
        }
        awaitDeath(live, GRACE_MILLIS);
        for (Registry.Entry e : live) {
            if (alive(e)) {
                ProcessHandle.of(e.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        awaitDeath(live, 2000);
        return live.stream().filter(ProcessTable::alive).toList();
    }

    private static void awaitDeath(List<Registry.Entry> entries, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (entries.stream().anyMatch(ProcessTable::alive) && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
