package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory mounted at {@code /var/run/ovn} inside a node's pods: absolute links to the zone's NB/SB sockets
 * (targets outside the mount points, so they resolve inside the private mount namespace), to the zone databases'
 * and northd's control sockets (interconnect mode, where they run in the node's pod), and to ovn-controller's
 * pidfile and control socket, so that {@code ovn-appctl -t ovn-controller} works as in the real pod.
 */
final class PodRunDir {

    private PodRunDir() {}

    static void create(SandboxLayout layout, Zone zone, String node) throws SandboxException {
        Path dir = layout.podRunDir(node);
        try {
            Files.createDirectories(dir);
            Daemons.link(dir.resolve("ovnnb_db.sock"), zone.nbSocket());
            Daemons.link(dir.resolve("ovnsb_db.sock"), zone.sbSocket());
            if (zone.interconnect()) {
                linkDaemon(dir, zone.nbDir(), "ovsdb-server", "ovnnb_db");
                linkDaemon(dir, zone.sbDir(), "ovsdb-server", "ovnsb_db");
                linkDaemon(dir, zone.northdDir(), "ovn-northd", "ovn-northd");
            }
            linkDaemon(dir, layout.nodeDir(node), "ovn-controller", "ovn-controller");
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Links {@code <as>.pid}, {@code <as>.<pid>.ctl} and {@code <as>.ctl} to daemon {@code name} in {@code from}. */
    private static void linkDaemon(Path dir, Path from, String name, String as) throws IOException {
        String pid = Files.readString(from.resolve(name + ".pid")).strip();
        Path socket = from.resolve(name + "." + pid + ".ctl");
        Daemons.link(dir.resolve(as + ".pid"), from.resolve(name + ".pid"));
        Daemons.link(dir.resolve(as + "." + pid + ".ctl"), socket);
        Daemons.link(dir.resolve(as + ".ctl"), socket);
    }
}
