package ovntrace.lib;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link PodExec} over the pods/exec API: {@code bash -c <command>} with stdout and stderr captured, no stdin and no
 * TTY, the exit code taken from the status channel, and a deadline per call (upstream has none).
 */
public final class KubePodExec implements PodExec {

    private final KubernetesClient client;

    public KubePodExec(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ExecResult exec(ExecTarget t, String command, Duration timeout) throws ExecException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try (ExecWatch watch = client.pods().inNamespace(t.namespace()).withName(t.pod()).inContainer(t.container())
                .writingOutput(out).writingError(err).exec("bash", "-c", command)) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code == null) {
                // closed without a status: the output may be cut short; batches still judge what their markers show
                throw new ExecException("the connection to pod " + where(t) + " closed before the command's exit status arrived",
                        result(-1, out, err, start));
            }
            return result(code, out, err, start);
        } catch (TimeoutException e) {
            throw new ExecException("timed out after " + timeout.toSeconds() + "s in pod " + where(t)
                    + " (raise --timeout if the node is just slow)", result(-1, out, err, start));
        } catch (ExecutionException e) {
            throw failure(t, e.getCause() == null ? e : e.getCause(), result(-1, out, err, start));
        } catch (KubernetesClientException e) {
            throw failure(t, e, result(-1, out, err, start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while running a command in pod " + where(t), e);
        }
    }

    private ExecException failure(ExecTarget t, Throwable cause, ExecResult partial) {
        if (cause instanceof KubernetesClientException k) {
            if (k.getCode() == 403 || handshakeStatus(k) == 403) {
                return new ExecException("forbidden: the current user may not create pods/exec in namespace "
                        + t.namespace() + " (needed to run ovn-trace in " + t.pod() + "; ask for that RBAC permission)",
                        partial);
            }
            int status = handshakeStatus(k);
            if (status > 0) {
                return new ExecException("exec into pod " + where(t) + " was refused by the API server with HTTP " + status
                        + (status == 400 || status == 414 || status == 431 ? " (the command may be too long for the server or a proxy on the way)" : ""),
                        partial);
            }
            TraceError e = KubeErrors.translate(k, "exec into pod " + t.pod(), t.namespace(), client.getMasterUrl());
            return new ExecException(e.getMessage(), partial);
        }
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ExecException("exec in pod " + where(t) + " failed: " + msg, partial);
    }

    /** A refused exec shows up as a failed websocket upgrade; its HTTP status is the only clue. */
    private static int handshakeStatus(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WebSocketHandshakeException w && w.getResponse() != null) return w.getResponse().code();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("status code (\\d{3})").matcher(String.valueOf(c.getMessage()));
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }

    private static String where(ExecTarget t) {
        return t.namespace() + "/" + t.pod() + " (container " + t.container() + ")";
    }

    private static ExecResult result(int code, ByteArrayOutputStream out, ByteArrayOutputStream err, long start) {
        synchronized (out) {
            return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
