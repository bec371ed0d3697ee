package ovntrace.report;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.trace.TraceResult;
import ovntrace.support.TestTraces;

/**
 * Not a test: how long reporting takes once the traces have finished, for a full run (IC, both directions, 8 steps
 * with their real outputs, about 2,900 lines): {@code Report.from} plus Markdown, HTML and JSON. {@code cold}: the
 * first report in a fresh JVM, nothing loaded before; {@code prewarmed}: the first report after
 * {@link ReportRenderer#warmUp()} ran (as ovntrace can while the traces run); then the steady state. Run with
 * {@code tests/bench-report.sh}.
 */
public final class RenderBenchmark {

    private RenderBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean prewarmed = args.length > 0 && args[0].equals("prewarmed");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<TraceResult> runs = List.of(TestTraces.icCrossNode(), TestTraces.icPolicyDrop());
        if (prewarmed) ReportRenderer.create(Optional.empty()).warmUp();
        long t0 = System.nanoTime();
        int chars = once(runs.get(0));
        long first = System.nanoTime() - t0;
        long[] warm = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            once(runs.get(i % runs.size()));
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.printf("%-9s first report %4d ms (%d characters); then median %.1f ms, max %.1f ms over %d%n",
                prewarmed ? "prewarmed" : "cold", first / 1_000_000, chars, warm[iterations / 2] / 1e6,
                warm[iterations - 1] / 1e6, iterations);
    }

    /** What ovntrace does after the traces: build the report, render all three formats. */
    private static int once(TraceResult result) throws Exception {
        Report report = Report.from(result);
        ReportRenderer renderer = ReportRenderer.create(Optional.empty());
        int n = 0;
        for (Format f : Format.values()) {
            StringWriter out = new StringWriter();
            renderer.render(report, f, out);
            n += out.getBuffer().length();
        }
        return n;
    }
}
