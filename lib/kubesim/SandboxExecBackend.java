package ovntrace.kubesim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ovntrace.ovn.NodeShell;
import ovntrace.topology.Topology;

/**
 * Exec for a sandbox: any container of node X's ovnkube-node pod runs the command in X's pod namespaces (see
 * {@link NodeShell}). Application pods are images without the OVN tools and without a shell: exec into them
 * fails the way containerd reports a missing executable. Unknown pods and containers are refused as the real
 * API server refuses them. The exec {@link Fault}s ({@code exec-hang}, {@code hide-tools}) apply here.
 */
public final class SandboxExecBackend implements ExecBackend {

    /** What {@code exec-hang} runs first: long enough that only the client's on-node timeout ends it. */
    static final String HANG = "sleep 3600; ";

    private final Topology topology;
    private final NodeShell shell;
    private final Optional<Faults> faults;

    public SandboxExecBackend(Topology topology, NodeShell shell) {
        this(topology, shell, Optional.empty());
    }

    public SandboxExecBackend(Topology topology, NodeShell shell, Optional<Faults> faults) {
        this.topology = topology;
        this.shell = shell;
        this.faults = faults;
    }

    @Override
    public ExecStart start(ExecRequest r) {
        if (r.command().isEmpty()) {
            return new ExecStart.Refused(400, "BadRequest", "you must specify at least 1 command");
        }
        Optional<String> node = r.namespace().equals(OvnkubePods.NAMESPACE)
                ? OvnkubePods.nodeOf(topology, r.pod()) : Optional.empty();
        if (node.isPresent()) {
            List<String> containers = OvnkubePods.containers(topology.mode());
            if (r.container() != null && !r.container().isEmpty() && !containers.contains(r.container())) {
                return new ExecStart.Refused(400, "BadRequest", "container " + r.container()
                        + " is not valid for pod " + r.pod());
            }
            try {
                return new ExecStart.Run(nodeProcess(node.get(), r.command()));
            } catch (IOException e) {
                return new ExecStart.RuntimeError("cannot enter node " + node.get() + ": " + e.getMessage());
            }
        }
        boolean appPod = topology.pods().stream()
                .anyMatch(p -> p.namespace().equals(r.namespace()) && p.name().equals(r.pod()));
        if (!appPod) {
            return new ExecStart.Refused(404, "NotFound", "pods \"" + r.pod() + "\" not found");
        }
        return new ExecStart.RuntimeError("OCI runtime exec failed: exec failed: unable to start container process: "
                + "exec: \"" + r.command().get(0) + "\": executable file not found in $PATH: unknown");
    }

    private ProcessBuilder nodeProcess(String node, List<String> command) throws IOException {
        if (faults.isEmpty()) {
            return shell.processBuilder(node, command);
        }
        Faults f = faults.get();
        ProcessBuilder pb = shell.processBuilder(node, f.execHangs(node) ? hanging(command) : command);
        Set<String> hidden = f.hiddenTools(node);
        if (!hidden.isEmpty()) {
            pb.environment().put("PATH", RestrictedPath.without(f.layout(), hidden).toString());
        }
        return pb;
    }

    /**
     * The command with {@link #HANG} in front of its innermost {@code -c} script (the last argument after a
     * {@code -c}), so that the sleep runs inside whatever the client wrapped around its script (such as
     * {@code timeout -k 2 N bash -c ...}); without a {@code -c} script, the whole argv runs after the sleep.
     */
    static List<String> hanging(List<String> command) {
        List<String> argv = new ArrayList<>(command);
        for (int i = argv.size() - 1; i > 0; i--) {
            if (argv.get(i - 1).equals("-c")) {
                argv.set(i, HANG + argv.get(i));
                return argv;
            }
        }
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", HANG + "exec \"$@\"", "exec-hang"));
        wrapped.addAll(command);
        return wrapped;
    }
}
