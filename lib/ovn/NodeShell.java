package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * Runs commands "inside node X's ovnkube-node pod": in X's {@link NodeNamespace}s, where X's run directories are
 * mounted at {@code /var/run/ovn} and {@code /var/run/openvswitch} and X's daemons are the visible processes, so
 * the exact command strings used in real ovnkube-node pods work unchanged. Implements {@link PodExec} so that it
 * can stand in for pods/exec; {@code target.node()} picks the node, namespace/pod/container are not looked at.
 */
public final class NodeShell implements PodExec {

    private final SandboxLayout layout;

    public NodeShell(SandboxLayout layout) {
        this.layout = layout;
    }

    /** The argv that runs {@code command} (an argv itself, for example {@code bash -c <cmd>}) in {@code node}'s pod. */
    public List<String> wrap(String node, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(NodeNamespace.nsenter(NodeNamespace.pid(layout, node), NodeNamespace.Scope.POD));
        argv.addAll(command);
        return argv;
    }

    /** A process builder for {@link #wrap}, without the OVS/OVN directory variables of the caller. */
    public ProcessBuilder processBuilder(String node, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(wrap(node, command));
        pb.environment().keySet().removeIf(k -> k.startsWith("OVS_") || k.startsWith("OVN_"));
        pb.directory(Path.of("/").toFile());
        return pb;
    }

    /** Runs {@code bash -c command} in {@code node}'s pod with stdin closed. */
    public ExecResult run(String node, String command, Duration timeout) throws IOException {
        ProcessBuilder pb = processBuilder(node, List.of("bash", "-c", command));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return Commands.finish(pb.start(), timeout);
    }

    /** The command is one argument of a local bash: Linux's cap on one argument, not a request line's. */
    @Override
    public int maxScriptLength(ExecTarget t) {
        return ovntrace.lib.cluster.ScriptDelivery.ARGUMENT_LIMIT;
    }

    @Override
    public ExecResult exec(ExecTarget target, String command, Duration timeout) throws ExecException {
        if (target.node() == null || target.node().isBlank()) {
            throw new ExecException("exec target " + target.pod() + " names no node");
        }
        try {
            return run(target.node(), command, timeout);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExecException("no node " + target.node() + " in the sandbox at " + layout.base());
        } catch (IOException e) {
            throw new ExecException("cannot run a command on " + target.node() + ": " + e.getMessage(), e);
        }
    }
}
