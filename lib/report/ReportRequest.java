package ovntrace.report;

/**
 * The trace as asked: {@code source} and {@code target} as the user wrote them ({@code ns/name} or an IP),
 * {@code targetKind} one of {@code pod}, {@code service}, {@code ip}.
 */
public record ReportRequest(String source, String target, String targetKind, String protocol, int dstPort,
                            String addressFamily, boolean skipDetrace, boolean failFast) {}
