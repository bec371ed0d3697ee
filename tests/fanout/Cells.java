package ovntrace.lib.fanout;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.lib.cluster.PodExec.ExecTarget;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.lib.fanout.Cell.Member;
import ovntrace.lib.fanout.MatrixSpec.Destinations;
import ovntrace.lib.fanout.MatrixSpec.Pods;
import ovntrace.lib.trace.Connection;
import ovntrace.lib.trace.Endpoint;
import ovntrace.lib.trace.Leg;
import ovntrace.lib.trace.StepResult;
import ovntrace.lib.trace.Tool;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceResult;
import ovntrace.lib.trace.Verdict;

/** Small matrices and finished traces for the fan-out tests: no cluster. */
final class Cells {

    private Cells() {}

    static Member pod(String name, String node) {
        return new Member(new PodRef("shop", name), node);
    }

    static MatrixSpec spec(int maxCells) {
        return spec(maxCells, List.of(AddressFamily.IP4));
    }

    static MatrixSpec spec(int maxCells, List<AddressFamily> families) {
        return spec(maxCells, families, MatrixSpec.Detrace.EVERY_CELL);
    }

    static MatrixSpec spec(MatrixSpec.Detrace detrace) {
        return spec(400, List.of(AddressFamily.IP4), detrace);
    }

    static MatrixSpec spec(int maxCells, List<AddressFamily> families, MatrixSpec.Detrace detrace) {
        return new MatrixSpec(new Pods.Selected("shop", LabelSelector.parse("app=front")),
                new Destinations.ToService(new PodRef("shop", "api"), true), Protocol.TCP, OptionalInt.empty(), families,
                detrace, maxCells);
    }

    /** One cell from {@code source} on its node to a pod on {@code destinationNode}. */
    static Cell cell(int row, String sourceNode, String destinationNode) {
        Member src = pod("front-" + row, sourceNode), dst = pod("api-" + destinationNode, destinationNode);
        Cell planned = MatrixPlanner.plan(spec(10), List.of(src), List.of(Column.pod(dst, 80))).get(0);
        return new Cell(row, 0, src, planned.destination(), planned.request());
    }

    /** A finished trace whose steps have these verdicts. */
    static TraceResult traced(TraceRequest request, Verdict... verdicts) {
        Endpoint a = new Endpoint(Endpoint.Kind.POD, "shop", "a", "n1", "n1", "10.0.0.1", "0a:58:0a:00:00:01", "v1", "1");
        Endpoint b = new Endpoint(Endpoint.Kind.POD, "shop", "b", "n2", "n2", "10.0.0.2", "0a:58:0a:00:00:02", "v2", "2");
        ExecTarget where = new ExecTarget("ovn-kubernetes", "ovnkube-node-n1", "ovnkube-controller", "n1");
        List<StepResult> steps = java.util.Arrays.stream(verdicts).map(v -> new StepResult("ovn-trace source pod to destination pod",
                Tool.OVN_TRACE, Leg.REQUEST, false, "a", "b", where, "ovn-trace ...", "", v, v == Verdict.PASS ? "" : "why", null)).toList();
        return new TraceResult(request, ClusterMode.IC, a, b, null, Connection.toPod(Protocol.TCP, a.ip(), b.ip(), 80), steps,
                List.of(), Duration.ZERO, 1);
    }
}
