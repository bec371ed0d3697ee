package ovntrace.lib.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.internal.ExecWebSocketListener;
import io.fabric8.kubernetes.client.dsl.internal.core.v1.PodOperationsImpl;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/**
 * {@link PodExec} over the pods/exec API: {@code bash -c <command>} with stdout and stderr captured, no TTY, the exit
 * code taken from the status channel, and a deadline per call that holds on the node itself.
 *
 * <p>A kubelet does not stop a command when its exec stream goes away: a client that gives up (deadline, Ctrl-C)
 * would leave ovn-trace running in the node pod. So every command runs under {@link #argv bounded}: {@code timeout}
 * on the node ends it at the deadline, and a watchdog on the exec's stdin, which this client keeps open, ends it as
 * soon as the stream closes. {@link #cancel()} closes every open stream at once.
 *
 * <p>A command too long for an exec request line goes over stdin ({@link ScriptDelivery}): the client writes it
 * right after the stream opens and still never closes stdin, so the watchdog keeps its meaning. The only other thing
 * it ever writes there is the follow-up of an exec that waits for one ({@link #execPausing}).
 */
public final class KubePodExec implements PodExec, Interruption.Stoppable {

    /** After the node's own deadline: its TERM, two seconds for KILL, and the status frame on the way back. */
    static final Duration GRACE = Duration.ofSeconds(4);

    /** The wrapper every command runs under on the node: {@link ScriptDelivery#WRAPPER}. */
    public static final String WRAPPER = ScriptDelivery.WRAPPER;

    private final KubernetesClient client;
    private final Set<ExecWatch> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> closing = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    public KubePodExec(KubernetesClient client) {
        this.client = client;
    }

    /** The exec's argv for {@code command} bounded to {@code timeout} on the node. */
    public static List<String> argv(String command, Duration timeout) {
        return ScriptDelivery.argv(command, timeout);
    }

    /** Any script a node's bash takes as one argument: what the request line cannot hold goes over stdin. */
    @Override
    public int maxScriptLength(ExecTarget t) {
        return ScriptDelivery.ARGUMENT_LIMIT;
    }

    /** Closes every open exec stream (their commands stop on the nodes) and refuses new ones: for Ctrl-C. */
    @Override
    public void cancel() {
        cancelled = true;
        open.forEach(w -> close(w, false));
    }

    /**
     * Waits up to {@code limit} for the streams being closed to be closed: a JVM that exits first takes the close
     * frames with it, and the commands on the nodes would run on until their deadline.
     */
    @Override
    public void awaitStopped(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        for (Thread t : closing) {
            long left = end - System.nanoTime();
            if (left <= 0) return;
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public ExecResult exec(ExecTarget t, String command, Duration timeout) throws ExecException {
        return onceMoreIfBroken(() -> open(t, command, timeout, null).finish());
    }

    /**
     * {@link PodExec#execPausing}: the exec's output streams look out for the pause line, and the exec stays open after
     * it; the follow-up goes over stdin, where the node's watchdog passes it on to the script's fd 5.
     */
    @Override
    public Paused execPausing(ExecTarget t, String command, Duration timeout, String pause) throws ExecException {
        return onceMoreIfBroken(() -> {
            Opened o = open(t, command, timeout, pause);
            if (o.awaitPause()) return o;
            ExecResult ended = o.finish();
            throw new ExecException("exec in pod " + where(t) + " ended with exit code " + ended.exitCode()
                    + " before the point where it waits for more", ended);
        });
    }

    private interface Attempt<T> {
        T run() throws ExecException;
    }

    /**
     * The stream broke at the WebSocket level (a frame the client rejects, a connection reset on the way): that says
     * nothing about the command, and every command ovntrace runs only reads, so it runs once more.
     */
    private static <T> T onceMoreIfBroken(Attempt<T> attempt) throws ExecException {
        try {
            return attempt.run();
        } catch (BrokenStream e) {
            try {
                return attempt.run();
            } catch (BrokenStream again) {
                throw new ExecException(again.getMessage(), again.partial().orElse(null));
            }
        }
    }

    /** An exec whose stream failed below the Kubernetes API (no status, no HTTP refusal): worth one more try. */
    private static final class BrokenStream extends ExecException {
        BrokenStream(String message, ExecResult partial) {
            super(message, partial);
        }
    }

    /**
     * The deadline on the node of an exec kept open for a follow-up: its first part, the wait while the other nodes'
     * first parts finish (each bounded by this client, which closes the stream when one runs out), and the follow-up;
     * each is {@code timeout} at most, and the client closes the stream (the watchdog then ends the exec) as soon as
     * one takes longer, so this only stops an exec whose client has vanished without closing.
     */
    static Duration pausingDeadline(Duration timeout) {
        return timeout.multipliedBy(3).plus(GRACE.multipliedBy(2));
    }

    /** Starts the exec: the command in the URL or over stdin, its output into streams that may look out for a pause line. */
    private Opened open(ExecTarget t, String command, Duration timeout, String pause) throws ExecException {
        if (cancelled) throw new ExecException(INTERRUPTED + " (not started in pod " + where(t) + ")");
        Pause paused = new Pause(pause);
        Output out = new Output(paused), err = new Output(paused);
        long start = System.nanoTime();
        Opened o = new Opened(t, timeout, out, err, paused, start);
        try {
            ScriptDelivery delivery = ScriptDelivery.of(t, command, pause == null ? timeout : pausingDeadline(timeout));
            o.watch = openStream(t, delivery.argv(), out, err);
            open.add(o.watch);
            if (delivery instanceof ScriptDelivery.OverStdin s) send(o.watch, s.script());
            return o;
        } catch (ExecutionException e) {
            o.release(false);
            throw failure(t, e.getCause() == null ? e : e.getCause(), result(-1, out, err, start));
        } catch (KubernetesClientException e) {
            o.release(false);
            throw failure(t, e, result(-1, out, err, start));
        }
    }

    /**
     * The exec stream, opened as fabric8's {@code exec} opens it (same request, same stream handling) but without the
     * two reads it makes first: a list of the pod, to wait for it to be ready (an exec that waits for nothing, and a
     * watch that {@code rbac.yaml} does not grant when the pod is not ready, as an ovnkube-node pod in trouble may
     * well be), then a get, to check the container that {@link Discovery} took from that pod's spec moments before.
     * Two API round trips before every exec, each a pod to serialize and parse; the exec request itself tells a pod
     * or container that has gone since ({@link #failure}). A fabric8 whose chain is not the class this knows opens
     * the stream its own way.
     */
    private ExecWatch openStream(ExecTarget t, List<String> argv, Output out, Output err) throws ExecutionException {
        var streams = client.pods().inNamespace(t.namespace()).withName(t.pod()).inContainer(t.container())
                .redirectingInput().writingOutput(out).writingError(err);
        if (!(streams instanceof PodOperationsImpl op)) return streams.exec(argv.toArray(String[]::new));
        try {
            URLUtils.URLBuilder url = new URLUtils.URLBuilder(URLUtils.join(op.getResourceUrl().toString(), "exec"));
            argv.forEach(arg -> url.addQueryParameter("command", arg));
            op.getContext().addQueryParameters(url);
            ExecWebSocketListener listener = new ExecWebSocketListener(op.getContext(), op.getOperationContext().getExecutor(),
                    op.getKubernetesSerialization());
            long millis = op.getRequestConfig().getRequestTimeout();
            CompletableFuture<WebSocket> ws = client.getHttpClient().newWebSocketBuilder().subprotocol("v4.channel.k8s.io")
                    .uri(url.build().toURI()).connectTimeout(millis, TimeUnit.MILLISECONDS).buildAsync(listener);
            ws.whenComplete((w, e) -> {
                if (e != null) listener.onError(w, e);
            });
            Utils.waitUntilReadyOrFail(ws, millis, TimeUnit.MILLISECONDS);
            return listener;
        } catch (java.net.MalformedURLException | java.net.URISyntaxException e) {
            throw new ExecutionException(e);
        } catch (RuntimeException e) {
            throw KubernetesClientException.launderThrowable(op.forOperationType("exec"), e);
        }
    }

    /**
     * One open exec. Closing the stream is what ends an unfinished command on the node; {@link #finish} and
     * {@link #end} close it, {@link #awaitPause} leaves it open only when the pause came.
     */
    private final class Opened implements Paused {
        private final ExecTarget target;
        private final Duration timeout;
        private final Output out, err;
        private final Pause paused;
        private final long start;
        private ExecWatch watch;
        private ExecResult sofar;

        Opened(ExecTarget target, Duration timeout, Output out, Output err, Pause paused, long start) {
            this.target = target;
            this.timeout = timeout;
            this.out = out;
            this.err = err;
            this.paused = paused;
            this.start = start;
        }

        /** True once stdout and stderr both showed the pause line; false when the exec ended first (then finish it). */
        boolean awaitPause() throws ExecException {
            try {
                // no grace: the node's deadline here is the longer one of a kept-open exec, so this client is what
                // ends a first part at --timeout (closing the stream: the watchdog then ends it there)
                await(CompletableFuture.anyOf(paused.reached, watch.exitCode()), timeout);
                if (cancelled || !paused.reached.isDone()) return false;
                sofar = result(0, out, err, start);
                return true;
            } catch (TimeoutException e) {
                release(false);
                throw timedOut(target, timeout, out, err, start);
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                release(false);
                throw new ExecException(INTERRUPTED + " in pod " + where(target), result(-1, out, err, start));
            }
        }

        @Override
        public ExecResult sofar() {
            return sofar;
        }

        /**
         * Null when the exec had already ended at its pause, or its stream broke on the way (as {@link #exec} runs a
         * command once more then): the caller runs the follow-up as an exec of its own.
         */
        @Override
        public ExecResult resume(String script) throws ExecException {
            if (watch.exitCode().isDone()) {
                release(true);
                return null;
            }
            String framed = script.getBytes(StandardCharsets.UTF_8).length + "\n" + script;
            try {
                send(watch, framed.getBytes(StandardCharsets.UTF_8));
            } catch (ExecutionException e) {
                release(false);
                return null;
            }
            try {
                return finish();
            } catch (BrokenStream e) {
                return null;
            }
        }

        @Override
        public void end() {
            try {
                send(watch, "0\n".getBytes(StandardCharsets.UTF_8));
            } catch (ExecutionException e) {
                // the stream is gone already: so is the command
            }
            release(false);
        }

        /** The exit code, then the whole output; the stream closed either way. */
        ExecResult finish() throws ExecException {
            boolean finished = false;
            try {
                Integer code = await(watch.exitCode(), timeout.plus(GRACE));
                if (cancelled) throw new ExecException(INTERRUPTED + " in pod " + where(target), result(-1, out, err, start));
                finished = true;
                if (code == null) {
                    // closed without a status: the output may be cut short; batches still judge what their markers show
                    throw new ExecException("the connection to pod " + where(target) + " closed before the command's exit status arrived",
                            result(-1, out, err, start));
                }
                if (code == 124 || code == 137) throw timedOut(target, timeout, out, err, start);
                return result(code, out, err, start);
            } catch (TimeoutException e) {
                throw timedOut(target, timeout, out, err, start);
            } catch (ExecutionException e) {
                if (cancelled) throw new ExecException(INTERRUPTED + " in pod " + where(target), result(-1, out, err, start));
                throw failure(target, e.getCause() == null ? e : e.getCause(), result(-1, out, err, start));
            } catch (KubernetesClientException e) {
                throw failure(target, e, result(-1, out, err, start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecException(INTERRUPTED + " in pod " + where(target), result(-1, out, err, start));
            } finally {
                release(finished);
            }
        }

        void release(boolean finished) {
            if (watch == null) return;
            open.remove(watch);
            close(watch, finished);
        }
    }

    /** The pause line an exec's streams look out for (null: none), reached once both showed it. */
    private static final class Pause {
        final byte[] line;
        final CompletableFuture<Void> reached = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();

        Pause(String pause) {
            this.line = pause == null ? null : (pause + "\n").getBytes(StandardCharsets.UTF_8);
        }

        void seenOnOneStream() {
            if (streams.incrementAndGet() == 2) reached.complete(null);
        }
    }

    /** An exec's stdout or stderr, kept whole, looking out for its {@link Pause} line as it grows. */
    private static final class Output extends ByteArrayOutputStream {
        private final Pause pause;
        private int scanned;
        private boolean found;

        Output(Pause pause) {
            this.pause = pause;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            look();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            look();
        }

        private void look() {
            byte[] line = pause.line;
            if (line == null || found) return;
            for (int i = Math.max(0, scanned - line.length + 1); i + line.length <= count; i++) {
                if (java.util.Arrays.equals(buf, i, i + line.length, line, 0, line.length)) {
                    found = true;
                    pause.seenOnOneStream();
                    return;
                }
            }
            scanned = count;
        }
    }

    /**
     * The script onto the open stream, flushed and left open: closing stdin is what tells the watchdog the client
     * went away. A write that fails leaves the wrapper short of bytes; it then runs nothing and exits 2.
     */
    private static void send(ExecWatch watch, byte[] script) throws ExecutionException {
        try {
            watch.getInput().write(script);
            watch.getInput().flush();
        } catch (java.io.IOException e) {
            throw new ExecutionException(e);
        }
    }

    /**
     * Closing the stream is what ends an unfinished command on the node (its watchdog sees stdin close), but a close
     * can wait on a busy API server: for a command that did not finish it happens beside the run, not in its way.
     */
    private void close(ExecWatch watch, boolean finished) {
        if (finished) {
            watch.close();
            return;
        }
        Thread closer = new Thread(() -> {
            watch.close();
            closing.remove(Thread.currentThread());
        }, "ovntrace-exec-close");
        closer.setDaemon(true);
        closing.add(closer);
        closer.start();
    }

    /**
     * {@code f}'s value (the exit code, or the pause), waiting in short slices so that a cancelled run lets go at once
     * (null) even if closing the stream (which is what stops the command on the node) is still under way or has raced
     * with the stream opening.
     */
    private <T> T await(CompletableFuture<T> f, Duration limit) throws InterruptedException, ExecutionException, TimeoutException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (cancelled) return null;
            long left = end - System.nanoTime();
            if (left <= 0) throw new TimeoutException();
            try {
                return f.get(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException slice) {
                // not yet: look at the cancel flag again
            }
        }
    }

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    static final String INTERRUPTED = "stopped before it finished: ovntrace was told to stop (Ctrl-C or SIGTERM)";

    private static ExecException timedOut(ExecTarget t, Duration timeout, ByteArrayOutputStream out, ByteArrayOutputStream err, long start) {
        return new ExecException("timed out after " + timeout.toSeconds() + "s in pod " + where(t)
                + "; stopped there (raise --timeout if the node is just slow)", result(-1, out, err, start));
    }

    private ExecException failure(ExecTarget t, Throwable cause, ExecResult partial) {
        if (cause instanceof KubernetesClientException k) {
            int status = handshakeStatus(k);
            if (status == 403 || k.getCode() == 403) {
                return new ExecException("forbidden: the current user may not create pods/exec in namespace "
                        + t.namespace() + " (needed to run ovn-trace in " + t.pod() + "; ask for that RBAC permission)",
                        partial);
            }
            String said = serverMessage(k).map(m -> ": " + m).orElse("");
            if (status == 404 || k.getCode() == 404) {
                // the pod was listed moments ago: it, or its container, has gone since (a restart during an incident)
                return new ExecException("pod " + where(t) + " is gone (the API server answered the exec with HTTP 404"
                        + said + "): it was deleted, replaced or restarted since ovntrace listed it; run ovntrace again", partial);
            }
            if (status > 0) {
                // a proxy that refuses a long request line answers without the API server's Status: then the likely cause
                boolean tooLong = said.isEmpty() && (status == 400 || status == 414 || status == 431);
                return new ExecException("exec into pod " + where(t) + " was refused by the API server with HTTP " + status
                        + (tooLong ? " (the command may be too long for the server or a proxy on the way)" : said), partial);
            }
            TraceError e = KubeErrors.translate(k, "exec into pod " + t.pod(), t.namespace(), client.getConfiguration());
            return new ExecException(e.getMessage(), partial);
        }
        // the JDK reports a rejected WebSocket frame as a ProtocolException without a message; its cause says which
        StringBuilder msg = new StringBuilder();
        for (Throwable c = cause; c != null && msg.length() < 300; c = c.getCause()) {
            if (msg.length() > 0) msg.append(": ");
            msg.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        String text = "exec in pod " + where(t) + " failed: " + msg;
        return cause instanceof java.io.IOException ? new BrokenStream(text, partial) : new ExecException(text, partial);
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

    /**
     * The message of the Status the API server sent with a refused exec (say, "container X is not valid for pod Y"):
     * the JDK keeps the refusing response's body on its handshake exception, fabric8 does not pass it on.
     */
    private Optional<String> serverMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.http.WebSocketHandshakeException w && w.getResponse().body() != null) {
                Object body = w.getResponse().body();
                String json = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : body.toString();
                try {
                    String m = client.getKubernetesSerialization().unmarshal(json, Status.class).getMessage();
                    return m == null || m.isBlank() ? Optional.empty()
                            : Optional.of(KubeErrors.firstLine(m).replaceAll("\\p{Cntrl}", "?"));
                } catch (RuntimeException notAStatus) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
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
