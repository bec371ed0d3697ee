package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.cluster.PodExec.ExecResult;

/** What the host must offer before a sandbox can start: root, the Debian packages, and working namespaces. */
public final class Prerequisites {

    private Prerequisites() {}

    public static void check() throws SandboxException {
        check(new OvnRoot.Host(OvnVersion.V23_03));
    }

    /**
     * With the host's packages, the host needs them all; with a separate root, the host needs only what builds
     * the namespaces (the OVN packages are looked for in the root, see {@link #checkRoot}).
     */
    public static void check(OvnRoot root) throws SandboxException {
        Set<String> missing = root instanceof OvnRoot.Host ? Tools.missingPackages() : Tools.missingHostTools();
        if (!missing.isEmpty()) {
            throw new SandboxException(SandboxException.MISSING_PACKAGES, "missing packages; install them with: "
                    + installCommand(missing));
        }
        if (!isRoot()) {
            throw new SandboxException(SandboxException.NOT_ROOT,
                    "the sandbox must run as root (it starts OVS daemons and uses unshare and mount); run it with sudo");
        }
        try {
            ExecResult r = Commands.run(List.of(Tools.path("unshare"), "-m", "-p", "-f", "--mount-proc", "-n", "true"),
                    Map.of(), Duration.ofSeconds(10));
            if (!r.ok()) {
                throw new SandboxException(SandboxException.NOT_ROOT, "unshare (mount, PID and network namespaces) is "
                        + "not permitted here: " + Commands.firstLine(r.stderr()) + "; run as root with CAP_SYS_ADMIN "
                        + "(in a container: --privileged)");
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot run unshare: " + e.getMessage(), e);
        }
    }

    /** A separate root must hold every OVN/OVS program, schema and the ovs Python module. */
    public static void checkRoot(OvnRoot.Tree root) throws SandboxException {
        Path dir = root.dir();
        Set<String> missing = Tools.missingPackages(p -> OvnTools.find(dir, p).isPresent(),
                f -> Files.exists(dir.resolve(f.toString().substring(1))));
        if (!missing.isEmpty()) {
            throw new SandboxException(SandboxException.MISSING_PACKAGES, "the OVN " + root.version().label()
                    + " root " + dir + " lacks " + String.join(" ", missing) + "; rebuild it: rm -rf " + dir
                    + " && ovntrace-sandbox prepare --ovn " + root.version().label());
        }
    }

    /** The exact command that installs {@code packages}. */
    public static String installCommand(Set<String> packages) {
        return "apt-get install -y --no-install-recommends " + String.join(" ", packages);
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
