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
