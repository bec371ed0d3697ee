package ovntrace.lib.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.CellOutcome;
import ovntrace.lib.fanout.CellVerdict;
import ovntrace.lib.fanout.MatrixReport;
import ovntrace.lib.fanout.MatrixResult;
import ovntrace.report.Format;
import ovntrace.report.ReportException;
import ovntrace.report.ReportRenderer;

/** A finished matrix: every cell's outcome, and its report (grid and per-cell sections) rendered on demand. */
public record MatrixRun(MatrixResult result) implements Rendered {

    public List<CellOutcome> cells() {
        return result.outcomes();
    }

    /** The cells whose trace showed traffic dropped. */
    public List<CellOutcome> failed() {
        return result.failed();
    }

    public boolean passed() {
        return result.outcomes().stream().allMatch(o -> o.verdict() == CellVerdict.PASSED);
    }

    public int exitCode() {
        return result.exitCode();
    }

    /** The console's lines: one per cell, then the summary. */
    public List<String> lines() {
        return java.util.stream.Stream.concat(cells().stream().map(CellOutcome::line), java.util.stream.Stream.of(result.summary())).toList();
    }

    /** Writes the report; the format follows the file's extension (.md, .html, .json). */
    public Path save(String file) {
        Path path = Path.of(file);
        Format format = Format.ofFile(path).orElseThrow(() -> new TraceError("cannot write report " + file
                + ": end the file name in .md, .html or .json"));
        try {
            Files.writeString(path, render(format));
        } catch (java.io.IOException e) {
            throw new TraceError("cannot write report " + file + ": " + e.getMessage(), e);
        }
        return path;
    }

    /** The report in {@code format} with {@code renderer}'s templates (the command line's --template-dir). */
    public String render(Format format, ReportRenderer renderer) throws ReportException {
        return MatrixReport.render(result, format, renderer);
    }

    @Override
    public String render(Format format) {
        try {
            return render(format, ReportRenderer.create(Optional.empty()));
        } catch (ReportException e) {
            throw new TraceError("cannot render the report: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
