package ovntrace.ovn;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The OVN releases the local cluster runs. 23.03 is Debian 12's, installed on the host; 25.03 is Debian 13
 * (trixie)'s, which needs trixie's libc and therefore runs in a root file system of its own ({@link RootBuilder}).
 */
public enum OvnVersion {
    V23_03("23.03", null),
    V25_03("25.03", "trixie");

    /** Where a version's root file system is built and kept unless {@code --ovn-root} says otherwise. */
    public static final Path CACHE = Path.of("/var/cache/ovntrace");

    private final String label;
    private final String suite;

    OvnVersion(String label, String suite) {
        this.label = label;
        this.suite = suite;
    }

    /** "23.03", as written on the command line and printed. */
    public String label() {
        return label;
    }

    /** The Debian suite its packages come from, or null when the host's own packages are used. */
    public String suite() {
        return suite;
    }

    public boolean fromHost() {
        return suite == null;
    }

    /**
     * True if its NB schema has the ACL {@code tier} column and the {@code pass} action (OVN 23.06 and later), which
     * AdminNetworkPolicies and the BaselineAdminNetworkPolicy need.
     */
    public boolean aclTiers() {
        return this != V23_03;
    }

    /** The default root of a version that needs one: {@code /var/cache/ovntrace/root-25.03}. */
    public Path defaultRoot() {
        return CACHE.resolve("root-" + label);
    }

    /** Accepts "25.03", "V25_03" and "25_03"; anything else names the valid choices. */
    public static OvnVersion parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace('.', '_');
        for (OvnVersion v : values()) {
            if (v.name().equals(t) || v.name().equals("V" + t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown OVN version \"" + text + "\"; supported: "
                + Arrays.stream(values()).map(OvnVersion::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
