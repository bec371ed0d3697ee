package ovntrace.ovn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ovntrace.lib.cluster.PodExec.ExecResult;

/**
 * Builds, once, the root file system a non-host OVN version runs in: {@code debootstrap --variant=minbase SUITE}
 * from the host's mirror, then {@code apt-get install} of the OVN/OVS packages <em>inside</em> it (chroot, with a
 * {@code policy-rc.d} that refuses to start services), never on the host. The build happens in {@code DIR.tmp}
 * and is renamed to {@code DIR} only when complete, so an interrupted build is never reused; a lock file keeps two
 * concurrent builds of the same root apart.
 */
public final class RootBuilder {

    /** What a node needs inside the root, beyond minbase (which has bash, util-linux, mount and perl-base). */
    static final List<String> PACKAGES = List.of("ovn-central", "ovn-host", "openvswitch-switch",
            "python3-openvswitch", "procps", "iproute2");
    /** Written last: its presence says the root is complete and which version it holds. */
    static final String MARKER = ".ovntrace-root";
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(15);

    private RootBuilder() {}

    /** Makes sure {@code root} exists (building it if needed, for a version with a suite) and returns it. */
    public static OvnRoot.Tree prepare(OvnRoot.Tree root, Consumer<String> progress) throws SandboxException {
        Path dir = root.dir();
        if (isComplete(dir)) {
            return root;
        }
        if (root.version().fromHost()) {
            throw new SandboxException(SandboxException.USAGE, "--ovn-root " + dir + " is not a root file system made by "
                    + "ovntrace-sandbox prepare (no " + dir.resolve(MARKER) + ")");
        }
        if (Tools.find("debootstrap").isEmpty()) {
            throw new SandboxException(SandboxException.MISSING_PACKAGES, "debootstrap is needed to build the OVN "
                    + root.version().label() + " root " + dir + "; install it with: "
                    + Prerequisites.installCommand(java.util.Set.of("debootstrap")));
        }
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel ch = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                if (!isComplete(dir)) { // another process may have built it while we waited for the lock
                    build(root, progress);
                }
            }
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot build " + dir + ": " + e.getMessage(), e);
        }
        return root;
    }

    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER));
    }

    private static void build(OvnRoot.Tree root, Consumer<String> progress) throws SandboxException, IOException {
        Path dir = root.dir();
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        OvnSandbox.deleteTree(tmp); // an interrupted build: never reused
        Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".log"));
        if (Files.exists(dir)) {
            throw new SandboxException(SandboxException.STALE, dir + " exists but is not a complete root (no " + MARKER
                    + "); remove it (rm -rf " + dir + ") and try again");
        }
        String mirror = AptMirror.host();
        progress.accept("building the OVN " + root.version().label() + " root in " + dir + " (debootstrap "
                + root.version().suite() + " from " + mirror + "; once, a few minutes)");
        run(List.of(Tools.path("debootstrap"), "--variant=minbase", root.version().suite(), tmp.toString(), mirror),
                "debootstrap", tmp);
        Path policy = tmp.resolve("usr/sbin/policy-rc.d");
        Files.writeString(policy, "#!/bin/sh\n# ovntrace: never start services in this root\nexit 101\n");
        policy.toFile().setExecutable(true);
        progress.accept("installing " + String.join(" ", PACKAGES) + " into it");
        // A private mount namespace: /proc for the maintainer scripts goes away with it, nothing stays mounted.
        String install = "mount -t proc proc \"$1/proc\" && chroot \"$1\" apt-get install -y -q "
                + "--no-install-recommends " + String.join(" ", PACKAGES) + " && chroot \"$1\" apt-get clean";
        run(List.of(Tools.path("unshare"), "-m", Tools.path("bash"), "-c", install, "install", tmp.toString()),
                "apt-get install in the root", tmp);
        Files.writeString(tmp.resolve(MARKER), root.version().label() + "\n");
        Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void run(List<String> argv, String what, Path tmp) throws SandboxException, IOException {
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C",
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ExecResult r = Commands.run(argv, env, DEBOOTSTRAP_TIMEOUT);
        if (!r.ok()) {
            Path log = tmp.resolveSibling(tmp.getFileName() + ".log");
            Files.writeString(log, r.stdout() + r.stderr());
            String last = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip().lines()
                    .reduce((a, b) -> b).orElse("exit code " + r.exitCode());
            throw new SandboxException(SandboxException.FAILED, what + " failed: " + last + " (log: " + log + ")");
        }
    }
}
