package ovntrace.kubesim;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import ovntrace.ovn.NodeShell;
import ovntrace.topology.Topology;

/**
 * Exec for a sandbox: any container of node X's ovnkube-node pod runs the command in X's pod namespaces (see
 * {@link NodeShell}). Application pods are images without the OVN tools and without a shell: exec into them
 * fails the way containerd reports a missing executable. Unknown pods and containers are refused as the real
 * API server refuses them.
 */
public final class SandboxExecBackend implements ExecBackend {

    private final Topology topology;
    private final NodeShell shell;

    public SandboxExecBackend(Topology topology, NodeShell shell) {
        this.topology = topology;
        this.shell = shell;
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
                return new ExecStart.Run(shell.processBuilder(node.get(), r.command()));
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
}
