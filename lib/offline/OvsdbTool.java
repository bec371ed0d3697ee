package ovntrace.lib.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.DbRole;

/**
 * The one place that runs {@code ovsdb-tool}, on the host or chrooted into a newer OVN's root (files go in and out
 * of the root through a private folder in its /tmp, removed after each run). Only ever given copies: ovsdb-tool
 * leaves lock files beside what it opens.
 */
final class OvsdbTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> root;

    private OvsdbTool(Optional<Path> root) {
        this.root = root;
    }

    static OvsdbTool on(OvnInstall install) {
        return new OvsdbTool(install.root());
    }

    /** The installs to try, host first; a root counts only when it has OVN's schemas. */
    static List<OvnInstall> installs() {
        List<OvnInstall> found = new ArrayList<>();
        installAt(Path.of("/")).ifPresent(i -> found.add(new OvnInstall(Optional.empty(), i.nbSchema(), i.sbSchema())));
        installAt(OvnInstall.ROOT_25_03).ifPresent(found::add);
        return found;
    }

    static Optional<OvnInstall> installAt(Path root) {
        try {
            String nb = JSON.readTree(root.resolve(DbRole.NB.schemaFile().substring(1)).toFile()).path("version").asText();
            String sb = JSON.readTree(root.resolve(DbRole.SB.schemaFile().substring(1)).toFile()).path("version").asText();
            boolean tool = Files.isExecutable(root.resolve("usr/bin/ovsdb-tool"));
            return tool && !nb.isEmpty() && !sb.isEmpty() ? Optional.of(new OvnInstall(root.equals(Path.of("/")) ? Optional.empty()
                    : Optional.of(root), nb, sb)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Errors name {@code original}: the user knows that file, not our copy of it. */
    boolean isClustered(Path db, Path original) {
        Result r = run(List.of("db-is-clustered"), db, null, original);
        if (r.code == 0) return true;
        if (r.code == 2) return false; // ovsdb-tool's "not clustered"; anything else is an unreadable file
        throw OfflineInputException.corruptDatabase(original, r.error);
    }

    void clusterToStandalone(Path clustered, Path standalone, Path original) {
        Result r = run(List.of("cluster-to-standalone"), clustered, standalone, original);
        if (r.code != 0) throw OfflineInputException.corruptDatabase(original, r.error);
    }

    String dbVersion(Path db, Path original) {
        Result r = run(List.of("db-version"), db, null, original);
        if (r.code != 0) throw OfflineInputException.corruptDatabase(original, r.error);
        return r.out.strip();
    }

    /** NB_Global/SB_Global {@code name}: ovn-kubernetes' zone name in interconnect (empty when unset). */
    String globalName(Path db, DbRole role, Path original) {
        String query = "[\"" + role.schemaName() + "\",{\"op\":\"select\",\"table\":\"" + role.globalTable()
                + "\",\"where\":[],\"columns\":[\"name\"]}]";
        Result r = run(List.of("query"), db, null, original, query);
        if (r.code != 0) throw OfflineInputException.corruptDatabase(original, r.error);
        try {
            JsonNode rows = JSON.readTree(r.out).path(0).path("rows");
            return rows.size() == 0 ? "" : rows.path(0).path("name").asText("");
        } catch (IOException e) {
            throw OfflineInputException.corruptDatabase(original, "ovsdb-tool: unexpected query answer " + r.out.strip());
        }
    }

    private record Result(int code, String out, String error) {}

    /** {@code ovsdb-tool COMMAND [output] input [extra]}, the argument order of every command used here. */
    private Result run(List<String> command, Path input, Path output, Path original, String... extra) {
        Path box = null;
        try {
            Path in = input, out = output;
            List<String> argv = new ArrayList<>();
            if (root.isPresent()) {
                box = OvnInstall.privateTmp(root.get());
                in = Files.copy(input, box.resolve("in.db"));
                out = output == null ? null : box.resolve("out.db");
                argv.addAll(List.of("chroot", root.get().toString()));
            }
            argv.add("ovsdb-tool");
            argv.addAll(command);
            if (out != null) argv.add(inside(out));
            argv.add(inside(in));
            argv.addAll(List.of(extra));
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            // small outputs: read both to the end, then wait (no timing: a loaded machine is slow, not broken)
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            if (out != null && output != null && !out.equals(output) && p.exitValue() == 0) Files.copy(out, output);
            String error = stderr.lines().filter(l -> !l.contains("|WARN|")).reduce((a, b) -> b).orElse("ovsdb-tool: exit code " + p.exitValue())
                    .replace(" " + inside(in) + ":", "").strip();
            return new Result(p.exitValue(), stdout, error);
        } catch (IOException e) {
            throw OfflineInputException.unreadable(original, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OfflineInputException.unreadable(original, e);
        } finally {
            if (box != null) WorkDir.delete(box);
        }
    }

    private String inside(Path p) {
        return inside(root, p);
    }

    /**
     * The path as a tool sees it: unchanged on the host, below / of the root in a chroot. Shared with the servers
     * and the offline exec, which hand paths into the same root.
     */
    static String inside(Optional<Path> root, Path p) {
        return root.map(r -> "/" + r.relativize(p)).orElse(p.toString());
    }
}
