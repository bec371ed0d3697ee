package ovntrace.report;

import ovntrace.lib.trace.Verdict;

/**
 * The connection the user asked about: its {@code request} and its {@code reply} (null when the reply was not traced),
 * and whether it works as the trace engine judged it ({@code TraceResult.connectionVerdict()}), with the reason.
 * Both legs are null in the report of a run that ended before anything was traced.
 */
public record ConnectionReport(Verdict verdict, String reason, LegReport request, LegReport reply) {}
