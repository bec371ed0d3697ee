package ovntrace.report;

import java.util.Locale;
import ovntrace.lib.trace.Verdict;

/**
 * The words of a report's one-line summary and of the connection's reason, from verdicts already decided, e.g.
 * {@code connection PASS (request pass, reply pass); reverse-initiated FAIL: dropped by ACL NP:clients:Ingress of
 * NetworkPolicy clients (default deny)}.
 */
final class Summary {

    private Summary() {}

    static String of(ConnectionReport c, LegReport reverse) {
        String line = "connection " + c.verdict() + " (" + state("request", c.request()) + ", " + state("reply", c.reply()) + ")";
        LegReport failing = firstNotPassing(c.request(), c.reply());
        if (c.verdict() != Verdict.PASS && failing != null) line += ": " + failing.leg().id() + " " + why(failing);
        if (reverse != null) line += "; reverse-initiated " + reverse.verdict() + (reverse.verdict() == Verdict.PASS ? "" : ": " + why(reverse));
        return line;
    }

    /** Why the connection has its verdict, in a few words. */
    static String connectionReason(Verdict verdict, LegReport request, LegReport reply) {
        LegReport failing = firstNotPassing(request, reply);
        if (failing != null) return failing.leg().id() + " " + lower(failing.verdict()) + ": " + failing.reason();
        if (request == null) return "not traced";
        return reply == null ? "request " + lower(request.verdict()) + "; reply not traced" : "request and reply pass";
    }

    /** The drop when there is one (by ACL and policy, else where), else the leg's reason. */
    static String why(LegReport leg) {
        DropPoint d = leg.drop();
        if (d != null && d.acl() != null) return "dropped by " + d.byAcl();
        if (d != null && leg.verdict() == Verdict.FAIL) return "dropped " + d.where();
        return leg.reason();
    }

    private static String state(String name, LegReport leg) {
        return name + " " + (leg == null ? "not traced" : lower(leg.verdict()));
    }

    private static LegReport firstNotPassing(LegReport request, LegReport reply) {
        if (request != null && request.verdict() != Verdict.PASS) return request;
        if (reply != null && reply.verdict() != Verdict.PASS) return reply;
        return null;
    }

    private static String lower(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }
}
