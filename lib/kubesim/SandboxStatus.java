package ovntrace.kubesim;

import java.nio.file.Path;
import java.util.List;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.SandboxLayout;

/**
 * What runs in a sandbox directory. {@code mode} and {@code apiUrl} are null when unknown; {@code rssKib} is 0
 * for processes that are gone.
 */
public record SandboxStatus(State state, SandboxLayout layout, ClusterMode mode, String apiUrl,
                            List<ProcessInfo> processes) {

    public enum State {
        /** Nothing recorded, or every recorded process is gone. */
        NOT_RUNNING,
        /** Every recorded process runs. */
        RUNNING,
        /** Some recorded processes run, others are gone. */
        HALF_DEAD,
        /** The directory exists, is not empty and was not made by a sandbox. */
        FOREIGN_DIR
    }

    public record ProcessInfo(String label, long pid, boolean alive, long rssKib) {}

    public SandboxStatus {
        processes = List.copyOf(processes);
    }

    public Path kubeconfig() {
        return layout.kubeconfig();
    }

    public long totalRssKib() {
        return processes.stream().mapToLong(ProcessInfo::rssKib).sum();
    }

    public List<ProcessInfo> dead() {
        return processes.stream().filter(p -> !p.alive()).toList();
    }
}
