package ovntrace.kubesim;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves pods/exec (GET as fabric8 sends it, POST as kubectl and client-go send it) through an
 * {@link ExecBackend}, API discovery from {@link Discovery}, and hands every other request to the CRUD dispatcher.
 * Once {@link #observe} is called (after seeding), every request is logged to the {@link RequestLog} and the
 * {@link Fault#API} switch is obeyed.
 */
final class ExecDispatcher extends Dispatcher {

    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/exec(?:\\?(.*))?");

    /** How long a hung answer waits: longer than any client waits, shorter than a long overflow. */
    private static final Duration NEVER = Duration.ofDays(1);

    private final Dispatcher crud;
    private final ExecBackend backend;
    /** Drops the requests the mock server recorded, this one included. */
    private final Runnable forgetRequests;
    private volatile Optional<RequestLog> log = Optional.empty();
    private volatile Optional<Faults> faults = Optional.empty();

    ExecDispatcher(Dispatcher crud, ExecBackend backend, Runnable forgetRequests) {
        this.crud = crud;
        this.backend = backend;
        this.forgetRequests = forgetRequests;
    }

    /** From now on, log every request and obey the fault switches. */
    void observe(RequestLog requestLog, Faults switches) {
        log = Optional.of(requestLog);
        faults = Optional.of(switches);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRequests.run();
        ApiRequest seen = ApiRequest.of(request.getMethod(), request.getPath());
        log.ifPresent(l -> l.append(seen));
        Matcher m = EXEC.matcher(request.getPath());
        Optional<Fault.ApiFault> fault = faults.flatMap(Faults::api);
        if (fault.isPresent() && (fault.get() == Fault.ApiFault.HANG || !m.matches())) {
            return faulty(fault.get(), seen);
        }
        if (!m.matches()) {
            return Discovery.document(request.getPath()).map(ExecDispatcher::json)
                    .orElseGet(() -> asTableIfAsked(request, crud.dispatch(request)));
        }
        List<String> command = new ArrayList<>();
        String container = null;
        boolean stdin = false;
        for (String param : (m.group(3) == null ? "" : m.group(3)).split("&")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = param.substring(0, eq);
            String value = URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "command" -> command.add(value);
                case "container" -> container = value;
                case "stdin" -> stdin = value.equals("true") || value.equals("1");
                default -> { }
            }
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return refuse(new ExecBackend.ExecStart.Refused(400, "BadRequest", "this emulated API server streams "
                    + "pods/exec over WebSocket (v4.channel.k8s.io, as fabric8 clients do), not SPDY; kubectl exec cannot "
                    + "use it: run node commands with ovntrace-sandbox exec <node> -- <command>"));
        }
        ExecBackend.ExecRequest exec = new ExecBackend.ExecRequest(decode(m.group(1)), decode(m.group(2)), container,
                command, stdin);
        ExecBackend.ExecStart start = backend.start(exec);
        if (start instanceof ExecBackend.ExecStart.Refused r) {
            return refuse(r);
        }
        long maxSeconds = faults.map(Faults::execMaxSeconds).orElse(Faults.DEFAULT_EXEC_MAX_SECONDS);
        return new MockResponse().withWebSocketUpgrade(new ExecSession(start, exec, maxSeconds));
    }

    /**
     * A hang is an answer whose sending is put off (the server's timer, not a blocked thread, so other
     * connections are still served); the other faults are the Status a real API server sends.
     */
    private static MockResponse faulty(Fault.ApiFault fault, ApiRequest r) {
        if (fault == Fault.ApiFault.HANG) {
            return new MockResponse().setResponseCode(504).setBody("{}").setBodyDelay(NEVER);
        }
        String message = switch (fault) {
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> (r.nonResource() ? "forbidden: User \"ovntrace\" cannot get path \"" + r.resource() + "\""
                    : r.plainResource() + (r.name().isEmpty() ? "" : " \"" + r.name() + "\"") + " is forbidden: User "
                    + "\"ovntrace\" cannot " + r.verb().rbacName() + " resource \"" + r.rbacResource()
                    + "\" in API group \"" + r.apiGroup() + "\""
                    + (r.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + r.namespace() + "\""));
            default -> "Internal error occurred: the sandbox's fault switch fails every request";
        };
        return refuse(new ExecBackend.ExecStart.Refused(fault.httpCode, fault.reason, message));
    }

    private static MockResponse refuse(ExecBackend.ExecStart.Refused r) {
        return new MockResponse().setResponseCode(r.httpCode()).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(new StatusBuilder().withKind("Status").withApiVersion("v1")
                        .withStatus("Failure").withMessage(r.message()).withReason(r.reason()).withCode(r.httpCode())
                        .withNewMetadata().endMetadata().build()));
    }

    /** kubectl asks for server-side printing ({@code as=Table}); CRUD answers plain objects. */
    private static MockResponse asTableIfAsked(RecordedRequest request, MockResponse response) {
        String accept = request.getHeader("Accept");
        if (!"GET".equals(request.getMethod()) || accept == null || !accept.contains("as=Table")
                || response.code() != 200 || response.getBody() == null) {
            return response;
        }
        return Tables.render(request.getPath(), new String(response.getBody().getBytes(), StandardCharsets.UTF_8))
                .map(ExecDispatcher::json).orElse(response);
    }

    private static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String decode(String pathPart) {
        return URLDecoder.decode(pathPart, StandardCharsets.UTF_8);
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}
