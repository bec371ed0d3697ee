package ovntrace.lib.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import ovntrace.lib.cluster.DbRole;

/**
 * The offline input cannot be traced: one line saying what is wrong and what to do. Every case the reader refuses is
 * made here, so the wording stays consistent and the catalogue of bad input can be read in one place.
 */
public final class OfflineInputException extends RuntimeException {

    private OfflineInputException(String message) {
        super(message);
    }

    private OfflineInputException(String message, Throwable cause) {
        super(message, cause);
    }

    static OfflineInputException noSuchInput(Path input) {
        return new OfflineInputException("no such directory or archive: " + input
                + " (give a must-gather directory, its .tar.gz, or a folder of YAML/JSON objects and *.db files)");
    }

    static OfflineInputException unreadable(Path file, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof JsonProcessingException)) cause = cause.getCause();
        String why = cause instanceof JsonProcessingException j && j.getLocation() != null
                ? j.getOriginalMessage().lines().findFirst().orElse("") + " at line " + j.getLocation().getLineNr() + ", column "
                        + j.getLocation().getColumnNr()
                : String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        return new OfflineInputException("cannot read " + file + ": " + why + " (fix the file or remove it)", e);
    }

    static OfflineInputException noDatabases(Path root) {
        return new OfflineInputException("no OVN databases in " + root + ": expected network_logs/ovnk_database_store.tar.gz "
                + "(interconnect), network_logs/leader_nbdb.gz and leader_sbdb.gz (central), or <zone>_nbdb.db/<zone>_sbdb.db "
                + "or ovnnb_db.db/ovnsb_db.db files; add them (ovntrace-sandbox gather writes a complete example)");
    }

    static OfflineInputException unpaired(String owner, DbRole present, Path file) {
        return new OfflineInputException("the " + present.label() + " database " + file + " of " + owner + " has no "
                + present.other().label() + " database beside it; both are needed: add the " + present.other().label() + " file");
    }

    static OfflineInputException archiveEscape(Path archive, String entry) {
        return new OfflineInputException("refusing archive " + archive + ": entry '" + entry
                + "' would be written outside the directory it is extracted to; extract it yourself after checking where it came from");
    }

    static OfflineInputException badArchive(Path archive, String why) {
        return new OfflineInputException("cannot extract " + archive + ": " + why + " (is it a complete .tar.gz? try: tar -tzf " + archive + ")");
    }

    /** {@code why}: the failing tool's own words, e.g. {@code ovsdb-tool: I/O error: ...} or {@code gzip: ...}. */
    static OfflineInputException corruptDatabase(Path file, String why) {
        return new OfflineInputException("database file " + file + " is corrupt or truncated (" + why
                + "); gather it again, or remove it and its zone's other database");
    }

    static OfflineInputException newerOvn(Path file, String fileSchema, String hostSchema, String needs) {
        return new OfflineInputException("database file " + file + " was written by a newer OVN (schema " + fileSchema
                + ", this host's OVN has " + hostSchema + "): it needs " + needs);
    }

    static OfflineInputException missingAnnotation(String object, String annotation) {
        return new OfflineInputException(object + " has no " + annotation + " annotation, so ovn-kubernetes did not set it up "
                + "or the objects were gathered without annotations: gather the objects again with their metadata");
    }

    static OfflineInputException unknownPod(String pod, Path file) {
        return new OfflineInputException("database file " + file + " belongs to ovnkube-node pod " + pod
                + ", which is not among the gathered pods, so its zone is unknown: gather the ovn-kubernetes namespace's pods too");
    }

    static OfflineInputException wrongZone(Path file, String zone, String known) {
        return new OfflineInputException("database file " + file + " is for zone '" + zone + "', which no gathered node belongs to"
                + " (the nodes' zones: " + known + "): remove it, or gather the nodes of that cluster");
    }

    static OfflineInputException zoneMismatch(Path file, String dbZone, String nodeZone) {
        return new OfflineInputException("database file " + file + " names zone '" + dbZone + "' in NB_Global but its node is in zone '"
                + nodeZone + "': the files are mixed up; gather them again");
    }

    static OfflineInputException nodeWithoutDatabase(String pod, String node, String zone) {
        return new OfflineInputException("pod " + pod + " runs on node " + node + " whose zone '" + zone
                + "' has no databases in the input: add that zone's NB and SB files (the node's ovnkube-node pod's _nbdb/_sbdb)");
    }

    static OfflineInputException noOvsdbTool() {
        return new OfflineInputException("ovsdb-tool and OVN's schemas are not installed (/usr/bin/ovsdb-tool, /usr/share/ovn): "
                + "install them: apt-get install ovn-central");
    }

    /** {@code words}: the server's own last line (its stderr or log), e.g. {@code ovsdb-server: I/O error: ...}. */
    static OfflineInputException cannotServe(String zone, DbRole role, String file, String words) {
        return new OfflineInputException("cannot serve zone '" + zone + "''s " + role.label() + " database (the gathered " + file
                + "): " + words + "; gather it again, or remove it and its zone's other database");
    }

    static OfflineInputException missingTools(java.util.Optional<Path> root, String missing) {
        return new OfflineInputException("offline tracing needs ovsdb-server, ovn-trace, ovn-sbctl and ovn-nbctl"
                + root.map(r -> " in " + r).orElse("") + " (missing: " + missing + "): "
                + root.map(r -> "run 'ovntrace-sandbox prepare --ovn 25.03' to build it again")
                        .orElse("apt-get install openvswitch-switch ovn-common ovn-central, or ovntrace-sandbox prepare --ovn 25.03"));
    }

    static OfflineInputException needsRoot(Path root) {
        return new OfflineInputException("the databases need OVN 25.03's tools in " + root + ": run as root (they run chrooted there)");
    }
}
