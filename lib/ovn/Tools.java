package ovntrace.ovn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host programs the sandbox needs, each with the Debian package that ships it, found on PATH or in the usual
 * system directories (root's PATH may lack {@code /usr/sbin}).
 */
public final class Tools {

    /** Program name to Debian package. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("ovsdb-server", "openvswitch-switch");
        REQUIRED.put("ovs-vswitchd", "openvswitch-switch");
        REQUIRED.put("ovsdb-tool", "openvswitch-common");
        REQUIRED.put("ovs-vsctl", "openvswitch-common");
        REQUIRED.put("ovs-appctl", "openvswitch-common");
        REQUIRED.put("ovs-ofctl", "openvswitch-common");
        REQUIRED.put("ovn-northd", "ovn-central");
        REQUIRED.put("ovn-controller", "ovn-host");
        REQUIRED.put("ovn-nbctl", "ovn-common");
        REQUIRED.put("ovn-sbctl", "ovn-common");
        REQUIRED.put("ovn-trace", "ovn-common");
        REQUIRED.put("ovn-detrace", "ovn-common");
        REQUIRED.put("unshare", "util-linux");
        REQUIRED.put("nsenter", "util-linux");
        REQUIRED.put("setsid", "util-linux");
        REQUIRED.put("mount", "mount");
        REQUIRED.put("bash", "bash");
        REQUIRED.put("perl", "perl-base");
        REQUIRED.put("ps", "procps");
        REQUIRED.put("ip", "iproute2");
    }

    static final Map<String, String> SCHEMAS = Map.of(
            "/usr/share/ovn/ovn-nb.ovsschema", "ovn-common",
            "/usr/share/ovn/ovn-sb.ovsschema", "ovn-common",
            "/usr/share/openvswitch/vswitch.ovsschema", "openvswitch-common");

    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");

    private Tools() {}

    public static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Absolute path of a required program; {@link Prerequisites} has made sure it exists. */
    static String path(String program) {
        return find(program).map(Path::toString).orElse(program);
    }

    /** The packages providing whatever is missing (programs, schemas, the ovs Python module), in a stable order. */
    public static Set<String> missingPackages() {
        Set<String> missing = new LinkedHashSet<>();
        REQUIRED.forEach((program, pkg) -> {
            if (find(program).isEmpty()) {
                missing.add(pkg);
            }
        });
        SCHEMAS.forEach((file, pkg) -> {
            if (!Files.isRegularFile(Path.of(file))) {
                missing.add(pkg);
            }
        });
        // ovn-detrace runs with #!/usr/bin/python3 and imports the ovs module.
        if (!Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/ovs"))) {
            missing.add("python3-openvswitch");
        }
        return missing;
    }
}
