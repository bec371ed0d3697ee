package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovntrace.lib.ExecResult;

/** What the host must offer before a sandbox can start: root, the Debian packages, and working namespaces. */
public final class Prerequisites {

    private Prerequisites() {}

    public static void check() throws SandboxException {
        Set<String> missing = Tools.missingPackages();
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
