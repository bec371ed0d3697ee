package ovntrace.lib.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.cluster.TraceError;
import ovntrace.lib.fanout.Cell.Column;
import ovntrace.lib.fanout.Cell.Member;
import ovntrace.lib.fanout.MatrixSpec.Detrace;
import ovntrace.lib.trace.TraceRequest;

/** Pure: rows × columns → cells, refused above the cap before anything is traced. */
public final class MatrixPlanner {

    private MatrixPlanner() {}

    /**
     * Every source against every destination, row by row; in a dual-stack run every destination twice, IPv4 then
     * IPv6, side by side. More than {@code spec.maxCells()} cells is a usage error
     * that says how many and what to do, so a selector that matches a whole namespace costs nothing.
     */
    public static List<Cell> plan(MatrixSpec spec, List<Member> rows, List<Column> destinations) {
        List<Column> columns = spec.dual()
                ? destinations.stream().flatMap(d -> spec.families().stream().map(d::inFamily)).toList() : destinations;
        long count = (long) rows.size() * columns.size();
        if (count > spec.maxCells()) {
            throw new TraceError("the matrix has " + count + " cells (" + rows.size() + " source" + (rows.size() == 1 ? "" : "s")
                    + " × " + columns.size() + " destination" + (columns.size() == 1 ? "" : "s") + "), more than --max-cells "
                    + spec.maxCells() + "; narrow the selector or raise --max-cells; nothing was run", TraceError.USAGE, null);
        }
        List<Cell> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                TraceRequest detraced = new TraceRequest(rows.get(r).pod(), column.target(), spec.protocol(), column.port(),
                        column.family().orElse(spec.family()), spec.detrace() == Detrace.NONE, false);
                cells.add(spec.detrace() == Detrace.CELLS_NOT_PASSED
                        ? new Cell(r, c, rows.get(r), column, Cell.withoutDetrace(detraced), Optional.of(detraced))
                        : new Cell(r, c, rows.get(r), column, detraced));
            }
        }
        return List.copyOf(cells);
    }

    /**
     * A Service with every endpoint: a column per ready endpoint and Service port of the protocol; an explicit
     * {@code port} keeps that port only, and must be one of the Service's.
     */
    public static List<Column> serviceColumns(PodRef service, List<Member> endpoints, List<Integer> servicePorts,
                                              OptionalInt port, Protocol protocol) {
        List<Integer> ports = port.isPresent() ? servicePorts.stream().filter(p -> p == port.getAsInt()).toList() : servicePorts;
        if (ports.isEmpty()) {
            throw new TraceError("Failed to get information from service " + service.name() + ": service " + service.name()
                    + " in namespace " + service.namespace() + " does not expose " + protocol.name()
                    + (port.isPresent() ? " port " + port.getAsInt() : " ports") + "; its " + protocol.name() + " ports are "
                    + (servicePorts.isEmpty() ? "none" : servicePorts.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    + " (check -dst-port and -tcp/-udp)");
        }
        if (endpoints.isEmpty()) {
            throw new TraceError("Failed to get information from service " + service.name() + ": service " + service.name()
                    + " in namespace " + service.namespace() + " has no ready endpoint backed by a pod");
        }
        List<Column> columns = new ArrayList<>();
        for (Member e : endpoints) for (int p : ports) columns.add(Column.service(service, e, p));
        return columns;
    }

    /** Pods as columns, all on one port. */
    public static List<Column> podColumns(List<Member> pods, int port) {
        return pods.stream().map(p -> Column.pod(p, port)).toList();
    }
}
