package ovntrace.kubesim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The sandbox API server's request log ({@code api/requests.log}): one {@link ApiRequest#line()} per request
 * served, appended as it arrives, so that a test can check what a run asked of the cluster (for example that it
 * only reads). Lines are short and written with a single append each, so concurrent requests do not interleave.
 */
public final class RequestLog {

    private final Path file;

    public RequestLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends one request; a log that cannot be written must not break the API server, so errors are dropped. */
    synchronized void append(ApiRequest request) {
        try {
            Files.writeString(file, request.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the sandbox directory is being removed: the server is going away too
        }
    }

    /** The log's size now: pass it to {@link #since(long)} later to read only what came after. */
    public long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requests logged after {@code mark} (a value of {@link #mark()}). */
    public List<ApiRequest> since(long mark) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            byte[] all = Files.readAllBytes(file);
            String tail = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                    StandardCharsets.UTF_8);
            return tail.lines().filter(l -> !l.isBlank()).map(ApiRequest::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
