package ovntrace.lib.cluster;

/**
 * How the commands in one node's ovnkube pod reach the OVN databases, and which upstream generation's command
 * templates describe that cluster.
 *
 * <p>Upstream master (interconnect only) talks to the node's own zone databases over fixed unix sockets and writes
 * {@code --db unix:...}. Upstream release-1.3, the last version that knows central clusters, reads the addresses
 * from the ovnkube process, adds the OpenShift certificate flags for {@code ssl:} addresses and
 * {@code --no-leader-only} to every ovn-sbctl and ovn-trace call. We write master's templates where master would
 * work (interconnect with local sockets) and release-1.3's everywhere else.
 *
 * @param zone the node's OVN zone; every node shares one zone on a central cluster
 * @param sslCertKeys release-1.3's certificate flags, {@code "-p ... "} for ssl or a single space otherwise
 */
public record DbAccess(ClusterMode mode, String zone, String nbUri, String sbUri, String sslCertKeys, Style style) {

    public static final String LOCAL_NB = "unix:/var/run/ovn/ovnnb_db.sock";
    public static final String LOCAL_SB = "unix:/var/run/ovn/ovnsb_db.sock";
    public static final String SSL_CERT_KEYS = "-p /ovn-cert/tls.key -c /ovn-cert/tls.crt -C /ovn-ca/ca-bundle.crt ";
    public static final String CENTRAL_ZONE = "global";

    /** Which upstream generation's command spelling to use. */
    public enum Style { MASTER, RELEASE_1_3 }

    /** Master's interconnect node: zone databases on local sockets. */
    public static DbAccess interconnect(String zone) {
        return new DbAccess(ClusterMode.IC, zone, LOCAL_NB, LOCAL_SB, " ", Style.MASTER);
    }

    /**
     * release-1.3's reading of the addresses: interconnect or central, NB/SB addresses as the ovnkube process was
     * given them (blank means the local socket), certificate flags when the NB address uses ssl.
     */
    public static DbAccess fromAddresses(ClusterMode mode, String zone, String nbAddress, String sbAddress) {
        String nb = nbAddress == null || nbAddress.isBlank() ? LOCAL_NB : nbAddress;
        String sb = sbAddress == null || sbAddress.isBlank() ? LOCAL_SB : sbAddress;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(ssl|tcp|unix)").matcher(nb);
        boolean ssl = m.find() && m.group(1).equals("ssl");
        boolean local = nb.equals(LOCAL_NB) && sb.equals(LOCAL_SB);
        Style style = mode == ClusterMode.IC && local ? Style.MASTER : Style.RELEASE_1_3;
        return new DbAccess(mode, zone, nb, sb, ssl ? SSL_CERT_KEYS : " ", style);
    }

    /**
     * Upstream's decision for one node. Mode: the ovnkube flags if the process probe saw them; else the node's
     * {@code k8s.ovn.org/zone-name} annotation ("global" or absent, as on clusters older than interconnect, means
     * central). Zone: {@code --zone}, else the annotation, else the node name (master: one zone per node).
     */
    public static DbAccess decide(ProcessProbe probe, String zoneAnnotation, String node, ClusterMode override) {
        String annotated = zoneAnnotation == null ? "" : zoneAnnotation;
        ClusterMode mode = override != null ? override
                : probe.found() ? (probe.interconnect() ? ClusterMode.IC : ClusterMode.CENTRAL)
                : annotated.isEmpty() || annotated.equals(CENTRAL_ZONE) ? ClusterMode.CENTRAL : ClusterMode.IC;
        String zone = mode == ClusterMode.CENTRAL ? CENTRAL_ZONE
                : !probe.zone().isEmpty() ? probe.zone()
                : !annotated.isEmpty() && !annotated.equals(CENTRAL_ZONE) ? annotated : node;
        return fromAddresses(mode, zone, probe.nbAddress(), probe.sbAddress());
    }

    /** {@code <SB>} of the templates: what follows the binary name (after {@code --no-leader-only} for 1.3). */
    public String sbCommand() {
        return style == Style.MASTER ? "--db " + sbUri : sslCertKeys + "--db " + sbUri;
    }

    public String nbCommand() {
        return style == Style.MASTER ? "--db " + nbUri : sslCertKeys + "--db " + nbUri;
    }

    /** {@code ovn-trace <SB>} or {@code ovn-trace --no-leader-only <SB>}. */
    public String ovnTrace() {
        return style == Style.MASTER ? "ovn-trace " + sbCommand() : "ovn-trace --no-leader-only " + sbCommand();
    }

    public String ovnSbctl() {
        return style == Style.MASTER ? "ovn-sbctl " + sbCommand() : "ovn-sbctl --no-leader-only " + sbCommand();
    }

    public String ovnNbctl() {
        return "ovn-nbctl " + nbCommand();
    }

    /** Zones hold one node each on interconnect clusters; a central cluster is one zone. */
    public boolean sameZone(DbAccess other) {
        return mode == ClusterMode.CENTRAL || other.mode == ClusterMode.CENTRAL || zone.equals(other.zone);
    }
}
