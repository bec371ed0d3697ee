package ovntrace.lib.policy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;

/**
 * The Northbound read behind an attribution: when a step shows a policy ACL deciding, list the Northbound ACLs
 * (read-only {@code ovn-nbctl list acl}) in the ovnkube-node pod that ran that step, so the ACL and the policy that
 * owns it can be named. The Northbound address and SSL options are those of the run's ovn-detrace command on that
 * node, else the pod's local socket. Any failure yields an empty directory: the report then names the ACL by match.
 */
public final class AclLookup {

    static final String LOCAL_NB = "unix:/var/run/ovn/ovnnb_db.sock";
    private static final Pattern NB = Pattern.compile("--ovnnb=(\\S+)");
    private static final Pattern SSL = Pattern.compile("(-p \\S+ -c \\S+ -C \\S+)");
    private static final Pattern SAFE = Pattern.compile("[\\w@%+=:,./-]+");

    private AclLookup() {}

    /**
     * The Northbound ACL rows of every node whose trace shows a policy ACL deciding (a drop, an allow, a pass): one
     * read-only exec per such node (in an interconnect cluster each zone's Northbound holds its own pods' ACLs), each
     * bounded by {@code timeout} and run side by side. A node that does not answer adds no rows.
     */
    public static AclDirectory forDecisions(TraceResult result, PodExec exec, Duration timeout) {
        Map<String, ExecTarget> nodes = new LinkedHashMap<>();
        for (StepResult s : result.steps())
            if (s.where() != null && s.where().node() != null && AclHits.decidesOn(s)) nodes.putIfAbsent(s.where().node(), s.where());
        List<AclDirectory.Row> rows = new ArrayList<>();
        if (nodes.isEmpty()) return new AclDirectory(rows);
        // one read per node, all at once: with ACLs deciding on two nodes a slow node costs one timeout, not two
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "ovntrace-acl-lookup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<AclDirectory>> reads = nodes.values().stream()
                    .map(where -> pool.submit(() -> read(result, exec, where, timeout))).toList();
            for (Future<AclDirectory> read : reads) rows.addAll(rowsOf(read));
        } finally {
            pool.shutdownNow();
        }
        return new AclDirectory(rows);
    }

    private static List<AclDirectory.Row> rowsOf(Future<AclDirectory> read) {
        try {
            return read.get().rows();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            return List.of();
        }
    }

    private static AclDirectory read(TraceResult result, PodExec exec, ExecTarget where, Duration timeout) {
        try {
            ExecResult r = exec.exec(where, command(result, where.node()), timeout);
            return r.ok() ? AclDirectory.parseNbctlJson(r.stdout()) : AclDirectory.EMPTY;
        } catch (PodExec.ExecException | IOException | RuntimeException e) {
            return AclDirectory.EMPTY;
        }
    }

    /** {@code ovn-nbctl --no-leader-only [ssl] --db <nb> --format=json --columns=... list acl}. */
    static String command(TraceResult result, String node) {
        String nb = LOCAL_NB, ssl = "";
        for (StepResult s : result.steps()) {
            if (s.tool() != Tool.OVN_DETRACE || s.where() == null || !node.equals(s.where().node())) continue;
            Matcher m = NB.matcher(s.command() == null ? "" : s.command());
            if (m.find() && SAFE.matcher(m.group(1)).matches()) nb = m.group(1);
            Matcher k = SSL.matcher(s.command());
            if (k.find() && SAFE.matcher(k.group(1).replace(" ", "")).matches()) ssl = k.group(1) + " ";
            break;
        }
        return "ovn-nbctl --no-leader-only " + ssl + "--db " + nb + " --format=json --columns="
                + AclDirectory.NBCTL_COLUMNS + " list acl";
    }
}
