package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One pods/exec stream over the {@code v4.channel.k8s.io} protocol: every binary frame starts with a channel byte,
 * 0 stdin (from the client), 1 stdout, 2 stderr, 3 the final Status carrying the exit code. The v5 CLOSE signal
 * (channel 255) ends stdin; v4 clients such as fabric8 cannot signal stdin EOF at all.
 *
 * <p>As under a real kubelet, a client that goes away does not end the command: a non-TTY exec's process keeps
 * running when its stream disconnects (a long-standing Kubernetes issue: processes survive a {@code kubectl exec} disconnect), and only its stdin
 * reaches EOF. So a client that must not leave commands behind has to bound them on the node itself. The one
 * limit is the API server's streaming timeout ({@link Fault#EXEC_MAX_SECONDS}).
 */
final class ExecSession extends WebSocketListener {

    /**
     * How long the status waits for the output still being copied: a kubelet copies the streams to the end. Only a
     * background child holding the pipes open after the command exited makes this run out; a loaded machine must not
     * (with 3 s, output copied late went out after the close frame, which the client rejects as a protocol error).
     */
    private static final long PIPE_DRAIN_MILLIS = 30_000;

    private final ExecBackend.ExecStart start;
    private final ExecBackend.ExecRequest request;
    /** The streaming limit: a command still running then is killed with its children. */
    private final long maxSeconds;
    private volatile Process process;

    ExecSession(ExecBackend.ExecStart start, ExecBackend.ExecRequest request, long maxSeconds) {
        this.start = start;
        this.request = request;
        this.maxSeconds = maxSeconds;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        if (start instanceof ExecBackend.ExecStart.RuntimeError e) {
            finish(ws, new StatusBuilder().withStatus("Failure").withMessage(e.message()).withReason("InternalError")
                    .withCode(500).withNewMetadata().endMetadata().build());
            return;
        }
        ProcessBuilder pb = ((ExecBackend.ExecStart.Run) start).process();
        try {
            process = pb.start();
        } catch (IOException e) {
            finish(ws, new StatusBuilder().withStatus("Failure").withMessage("cannot start: " + e.getMessage())
                    .withReason("InternalError").withCode(500).withNewMetadata().endMetadata().build());
            return;
        }
        if (!request.stdin()) {
            closeQuietly(process.getOutputStream());
        }
        Thread out = pump(ws, process.getInputStream(), 1);
        Thread err = pump(ws, process.getErrorStream(), 2);
        daemon("exec-wait", () -> {
            try {
                if (!process.waitFor(maxSeconds, TimeUnit.SECONDS)) {
                    kill();
                }
                // A background child may keep the pipes open after the command exits; do not wait for it forever.
                out.join(PIPE_DRAIN_MILLIS);
                err.join(PIPE_DRAIN_MILLIS);
                finish(ws, status(process.waitFor()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        Process p = process;
        if (p == null || bytes.length == 0) {
            return;
        }
        try {
            if (bytes[0] == 0) {
                OutputStream in = p.getOutputStream();
                in.write(bytes, 1, bytes.length - 1);
                in.flush();
            } else if ((bytes[0] & 0xff) == 255 && bytes.length > 1 && bytes[1] == 0) {
                p.getOutputStream().close();
            }
        } catch (IOException e) {
            // the command closed its stdin or exited: drop the input as a pipe would
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        clientGone();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        clientGone();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        clientGone();
    }

    /** The kubelet closes the stdin pipe of a disconnected exec and leaves the process running. */
    private void clientGone() {
        Process p = process;
        if (p != null && request.stdin()) {
            closeQuietly(p.getOutputStream());
        }
    }

    private Thread pump(WebSocket ws, InputStream in, int channel) {
        return daemon("exec-pump-" + channel, () -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer, 1, buffer.length - 1)) > 0) {
                    buffer[0] = (byte) channel;
                    send(ws, Arrays.copyOf(buffer, n + 1));
                }
            } catch (IOException e) {
                // process gone
            }
        });
    }

    private Status status(int exitCode) {
        if (exitCode == 0) {
            return new StatusBuilder().withStatus("Success").withNewMetadata().endMetadata().build();
        }
        return new StatusBuilder().withStatus("Failure").withNewMetadata().endMetadata()
                .withMessage("command terminated with non-zero exit code: error executing command "
                        + request.command() + ", exit code " + exitCode)
                .withReason("NonZeroExitCode")
                .withNewDetails().addNewCause().withReason("ExitCode").withMessage(Integer.toString(exitCode))
                    .endCause().endDetails()
                .build();
    }

    private void finish(WebSocket ws, Status status) {
        byte[] json = Serialization.asJson(status).getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[json.length + 1];
        frame[0] = 3;
        System.arraycopy(json, 0, frame, 1, json.length);
        synchronized (this) {
            send(ws, frame);
            closed = true;
            ws.close(1000, "");
        }
    }

    /** Nothing goes out after the close frame: a WebSocket peer treats a frame after it as a protocol error. */
    private synchronized void send(WebSocket ws, byte[] frame) {
        if (!closed) ws.send(frame);
    }

    private boolean closed;

    private void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
