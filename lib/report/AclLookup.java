package ovntrace.report;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovntrace.lib.cluster.PodExec;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceResult;
import ovntrace.parse.Detrace;
import ovntrace.parse.DetraceParser;
import ovntrace.parse.OvnTrace;
import ovntrace.parse.OvnTraceParser;

/**
 * The one cluster read a report may need: when a step shows a packet dropped by an ACL, list the Northbound ACLs
 * (read-only {@code ovn-nbctl list acl}) in the ovnkube-node pod that ran that step, so the report can name the ACL
 * and its NetworkPolicy. The Northbound address and SSL options are those of the run's ovn-detrace command on that
 * node, else the pod's local socket. Any failure yields an empty directory: the report then names the ACL by match.
 */
public final class AclLookup {

    static final String LOCAL_NB = "unix:/var/run/ovn/ovnnb_db.sock";
    private static final Pattern NB = Pattern.compile("--ovnnb=(\\S+)");
    private static final Pattern SSL = Pattern.compile("(-p \\S+ -c \\S+ -C \\S+)");
    private static final Pattern SAFE = Pattern.compile("[\\w@%+=:,./-]+");

    private AclLookup() {}

    public static AclDirectory forDrops(TraceResult result, PodExec exec, Duration timeout) {
        Optional<StepResult> dropping = result.steps().stream().filter(AclLookup::showsAclDrop).findFirst();
        if (dropping.isEmpty() || dropping.get().where() == null) return AclDirectory.EMPTY;
        ExecTarget where = dropping.get().where();
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

    static boolean showsAclDrop(StepResult s) {
        if (s.exec() == null || s.exec().stdout() == null || s.exec().stdout().isBlank()) return false;
        String out = s.exec().stdout();
        if (s.tool() == Tool.OVN_TRACE) {
            OvnTrace t = OvnTraceParser.parse(out);
            return t.drop().map(d -> d.stage().isAcl()).orElse(false);
        }
        if (s.tool() == Tool.OVN_DETRACE) {
            Detrace d = DetraceParser.parse(out);
            return d.droppingAcl().isPresent();
        }
        return false;
    }
}
