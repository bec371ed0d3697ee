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
    static final Map<String, String> REQUIRED;

    static {
        Map<String, String> required = new LinkedHashMap<>();
        required.put("ovsdb-server", "openvswitch-switch");
        required.put("ovs-vswitchd", "openvswitch-switch");
        required.put("ovsdb-tool", "openvswitch-common");
        required.put("ovs-vsctl", "openvswitch-common");
        required.put("ovs-appctl", "openvswitch-common");
        required.put("ovs-ofctl", "openvswitch-common");
        required.put("ovn-northd", "ovn-central");
        required.put("ovn-controller", "ovn-host");
        required.put("ovn-nbctl", "ovn-common");
        required.put("ovn-sbctl", "ovn-common");
        required.put("ovn-trace", "ovn-common");
        required.put("ovn-detrace", "ovn-common");
        required.put("unshare", "util-linux");
        required.put("nsenter", "util-linux");
        required.put("setsid", "util-linux");
        required.put("mount", "mount");
        required.put("bash", "bash");
        required.put("perl", "perl-base");
        required.put("ps", "procps");
        required.put("ip", "iproute2");
        REQUIRED = java.util.Collections.unmodifiableMap(required);
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

    /** What the host needs to build a node's namespaces around a separate OVN root (which has everything else). */
    static final Map<String, String> HOST_ONLY = Map.of("unshare", "util-linux", "nsenter", "util-linux",
            "setsid", "util-linux", "pivot_root", "util-linux", "mount", "mount", "bash", "bash", "perl", "perl-base");

    /** The packages of {@link #HOST_ONLY} programs the host lacks. */
    public static Set<String> missingHostTools() {
        Set<String> missing = new java.util.TreeSet<>();
        HOST_ONLY.forEach((program, pkg) -> {
            if (find(program).isEmpty()) {
                missing.add(pkg);
            }
        });
        return missing;
    }

    /** The packages providing whatever is missing (programs, schemas, the ovs Python module), in a stable order. */
    public static Set<String> missingPackages() {
        return missingPackages(p -> find(p).isPresent(), Files::exists);
    }

    /** The same, on a host described by what programs and files it has. */
    static Set<String> missingPackages(java.util.function.Predicate<String> hasProgram,
                                       java.util.function.Predicate<Path> hasFile) {
        Set<String> missing = new LinkedHashSet<>();
        REQUIRED.forEach((program, pkg) -> {
            if (!hasProgram.test(program)) {
                missing.add(pkg);
            }
        });
        new java.util.TreeMap<>(SCHEMAS).forEach((file, pkg) -> {
            if (!hasFile.test(Path.of(file))) {
                missing.add(pkg);
            }
        });
        // ovn-detrace runs with #!/usr/bin/python3 and imports the ovs module.
        if (!hasFile.test(Path.of("/usr/lib/python3/dist-packages/ovs"))) {
            missing.add("python3-openvswitch");
        }
        return missing;
    }
}
