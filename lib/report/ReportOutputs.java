package ovntrace.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.policy.Attributions;
import ovntrace.lib.trace.TraceResult;

/**
 * The reports a command line asked for: files ({@code --report}, format by extension) and one format on stdout
 * ({@code --format}). Checked before anything is traced, so a typo costs nothing; the templates are compiled while
 * the traces run, so the report costs little once they are done.
 */
public final class ReportOutputs {

    private final List<Path> files;
    private final Optional<Format> stdout;
    private final ReportRenderer renderer;
    private final CompletableFuture<Void> warm;

    private ReportOutputs(List<Path> files, Optional<Format> stdout, ReportRenderer renderer) {
        this.files = files;
        this.stdout = stdout;
        this.renderer = renderer;
        this.warm = renderer == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try {
                renderer.warmUp();
            } catch (ReportException e) {
                // the real render reports the same problem with its context
            }
        });
    }

    /** Validates the options; a wrong extension or format name is a usage error (exit 2). */
    public static ReportOutputs of(List<Path> files, String format, Path templateDir) {
        for (Path f : files) {
            if (Format.ofFile(f).isEmpty()) {
                throw new TraceError("--report " + f + ": cannot tell the format from the file name; end it in .md, .html or .json",
                        TraceError.USAGE, null);
            }
        }
        Optional<Format> stdout = Optional.empty();
        if (format != null && !format.isBlank()) {
            stdout = Format.named(format);
            if (stdout.isEmpty()) throw new TraceError("--format " + format + ": unknown format; use md, html or json", TraceError.USAGE, null);
        }
        if (files.isEmpty() && stdout.isEmpty()) return new ReportOutputs(files, stdout, null);
        for (Path f : files) requireWritable(f);
        try {
            ReportRenderer renderer = ReportRenderer.create(Optional.ofNullable(templateDir));
            java.util.Set<Format> formats = java.util.EnumSet.noneOf(Format.class);
            files.forEach(f -> formats.add(Format.ofFile(f).orElseThrow()));
            stdout.ifPresent(formats::add);
            renderer.check(formats);
            return new ReportOutputs(List.copyOf(files), stdout, renderer);
        } catch (ReportException e) {
            throw new TraceError(e.getMessage(), TraceError.ERROR, e);
        }
    }

    /**
     * Proves now that {@code file} can be written: by opening it for appending (which changes nothing in an existing
     * file) and removing it again if it did not exist, or, when its folder is still to be made, by a probe file in the
     * nearest folder that exists. Permissions, a read-only file system or a file in the way all show up before the
     * cluster is contacted, not after the trace.
     */
    static void requireWritable(Path file) {
        Path target = file.toAbsolutePath().normalize();
        String what = "--report " + file + ": ";
        if (Files.isDirectory(target)) {
            throw new TraceError(what + "is a folder; give a file name ending in .md, .html or .json", TraceError.ERROR, null);
        }
        Path base = target.getParent();
        while (base != null && !Files.exists(base)) base = base.getParent();
        if (base == null || !Files.isDirectory(base)) {
            throw new TraceError(what + (base == null ? "has no folder" : base + " is not a folder") + "; choose another path",
                    TraceError.ERROR, null);
        }
        try {
            if (base.equals(target.getParent())) {
                boolean existed = Files.exists(target);
                Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
                if (!existed) Files.deleteIfExists(target);
            } else {
                Files.delete(Files.createTempFile(base, ".ovntrace-probe-", ""));
            }
        } catch (IOException | SecurityException e) {
            throw new TraceError(what + "cannot be written (" + reason(e) + "); choose a writable path", TraceError.ERROR, null);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether the result lines should leave stdout to the report. */
    public boolean ownsStdout() {
        return stdout.isPresent();
    }

    /** Whether any report was asked for: then the run's policy is looked up for it. */
    public boolean wanted() {
        return renderer != null;
    }

    /** Builds the report with the policy behind each leg and writes it everywhere asked; says on stderr where. */
    public void write(TraceResult result, Attributions policy, PrintStream out, PrintStream err) {
        if (renderer == null) return;
        write(Report.from(result, policy), out, err);
    }

    /** The reports of a run that ended with {@code error} before anything was traced: they say so. */
    public void writeUnfinished(ovntrace.lib.trace.TraceRequest request, String error, PrintStream out, PrintStream err) {
        if (renderer == null) return;
        write(Report.unfinished(request, error), out, err);
    }

    /** A view made of several reports (a matrix), rendered per format by the caller with this run's templates. */
    public interface Rendering {
        String render(Format format, ReportRenderer renderer) throws ReportException;
    }

    /** Writes a view of several reports everywhere asked, as {@link #write(TraceResult, Attributions, PrintStream, PrintStream)}. */
    public void write(Rendering view, PrintStream out, PrintStream err) {
        if (renderer == null) return;
        warm.join();
        try {
            for (Path f : files) {
                Path parent = f.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(f, view.render(Format.ofFile(f).orElseThrow(), renderer));
                err.println("ovntrace: report written to " + f.toAbsolutePath().normalize());
            }
            if (stdout.isPresent()) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                w.write(view.render(stdout.get(), renderer));
                w.flush();
            }
        } catch (ReportException | IOException e) {
            throw new TraceError("cannot write the report: " + e.getMessage(), TraceError.ERROR, e);
        }
    }

    private void write(Report report, PrintStream out, PrintStream err) {
        warm.join();
        try {
            for (Path f : files) {
                renderer.write(report, f);
                err.println("ovntrace: report written to " + f.toAbsolutePath().normalize());
            }
            if (stdout.isPresent()) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                renderer.render(report, stdout.get(), w);
                w.flush();
            }
        } catch (ReportException | IOException e) {
            throw new TraceError("cannot write the report: " + e.getMessage(), TraceError.ERROR, e);
        }
    }
}
