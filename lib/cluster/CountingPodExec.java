package ovntrace.lib.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import ovntrace.lib.cluster.PodExec.ExecResult;
import ovntrace.lib.cluster.PodExec.ExecTarget;

/** Counts exec calls: ovntrace's promise is few of them (one or two per node), so the count is part of a result. */
public final class CountingPodExec implements PodExec {

    private final PodExec delegate;
    private final AtomicInteger calls = new AtomicInteger();

    public CountingPodExec(PodExec delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecResult exec(ExecTarget t, String command, Duration timeout) throws ExecException {
        calls.incrementAndGet();
        return delegate.exec(t, command, timeout);
    }

    /** One call: what the exec does after its pause is not another. */
    @Override
    public Paused execPausing(ExecTarget t, String command, Duration timeout, String pause) throws ExecException {
        Paused p;
        try {
            p = delegate.execPausing(t, command, timeout, pause);
        } catch (ExecException e) {
            calls.incrementAndGet();
            throw e;
        }
        if (p != null) calls.incrementAndGet();
        return p;
    }

    @Override
    public int maxScriptLength(ExecTarget t) {
        return delegate.maxScriptLength(t);
    }

    @Override
    public NodeAccess access() {
        return delegate.access();
    }

    public int calls() {
        return calls.get();
    }
}
