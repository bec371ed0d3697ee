package ovntrace.ovn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the sandbox runs the OVN/OVS programs of its {@link OvnRoot} while it builds a cluster. With the host's
 * packages: the host's binaries, daemons in their node's PID namespace. With a separate root: every program runs
 * inside a node's mount namespace, whose {@code /} is that root, so binaries, schemas and libraries all come from
 * it (a 25.03 database must be created from the 25.03 schema, by 25.03's ovsdb-tool).
 */
final class OvnTools {

    private static final List<String> BIN_DIRS = List.of("usr/sbin", "usr/bin", "sbin", "bin");

    private final OvnRoot root;
    /** A node's PID 1 whose mount namespace runs tools and central-mode daemons (separate root only). */
    private long entry;

    OvnTools(OvnRoot root) {
        this.root = root;
    }

    OvnRoot root() {
        return root;
    }

    /** Called with the first node's PID 1 once its namespaces run; before that, a separate root has no way in. */
    void enterThrough(long pid1) {
        if (entry == 0) {
            entry = pid1;
        }
    }

    /** The argv of a one-shot tool run. */
    List<String> argv(String program, List<String> args) {
        List<String> argv = new ArrayList<>();
        if (root instanceof OvnRoot.Tree) {
            argv.addAll(NodeNamespace.nsenter(requireEntry(), NodeNamespace.Scope.ROOT));
        }
        argv.add(path(program));
        argv.addAll(args);
        return argv;
    }

    /** The argv prefix that starts daemon {@code program} in the node of {@code pid1} (0: no node, central mode). */
    List<String> daemon(String program, long pid1) {
        List<String> argv = new ArrayList<>();
        if (root instanceof OvnRoot.Tree) {
            argv.addAll(pid1 > 0 ? NodeNamespace.nsenter(pid1, NodeNamespace.Scope.POD)
                    : NodeNamespace.nsenter(requireEntry(), NodeNamespace.Scope.ROOT));
        } else if (pid1 > 0) {
            argv.addAll(NodeNamespace.nsenter(pid1, NodeNamespace.Scope.PID));
        }
        argv.add(path(program));
        return argv;
    }

    /** The program's absolute path as seen where it runs: on the host's PATH, or in the root's bin directories. */
    String path(String program) {
        if (root instanceof OvnRoot.Tree t) {
            return find(t.dir(), program).orElse("/usr/bin/" + program);
        }
        return Tools.path(program);
    }

    /** {@code program} in one of the bin directories of the tree at {@code dir}, as a path inside that tree. */
    static Optional<String> find(Path dir, String program) {
        return BIN_DIRS.stream().filter(b -> Files.isExecutable(dir.resolve(b).resolve(program)))
                .map(b -> "/" + b + "/" + program).findFirst();
    }

    private long requireEntry() {
        if (entry == 0) {
            throw new IllegalStateException("no node namespace to run OVN " + root.version().label() + " tools in yet");
        }
        return entry;
    }
}
