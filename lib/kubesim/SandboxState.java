package ovntrace.kubesim;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import ovntrace.lib.cluster.ClusterMode;
import ovntrace.ovn.SandboxLayout;
import ovntrace.topology.Topology;
import ovntrace.topology.TopologyException;
import ovntrace.topology.TopologyReader;

/**
 * What {@code up} was asked for, kept in the sandbox directory: the topology text ({@code topology.yaml}), where it
 * came from, the mode (which the command line may override) and the requested API server port. The API server
 * process reads it back; a repeated {@code up} compares against it.
 */
public record SandboxState(ClusterMode mode, String topologyText, String topologySource, int requestedPort) {

    /** The effective topology: the text with the mode applied. */
    public Topology topology() throws BadStateException {
        try {
            return TopologyReader.parse(topologyText, topologySource).withMode(mode);
        } catch (TopologyException e) {
            throw new BadStateException("the recorded topology is invalid: " + e.getMessage());
        }
    }

    public void write(SandboxLayout layout) throws IOException {
        Files.writeString(layout.topologyFile(), topologyText, StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("mode", mode.name());
        p.setProperty("topology", topologySource);
        p.setProperty("port", Integer.toString(requestedPort));
        try (Writer w = Files.newBufferedWriter(layout.stateFile(), StandardCharsets.UTF_8)) {
            p.store(w, "ovntrace sandbox");
        }
    }

    public static SandboxState read(SandboxLayout layout) throws BadStateException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(layout.stateFile(), StandardCharsets.UTF_8)) {
            p.load(r);
            return new SandboxState(ClusterMode.valueOf(p.getProperty("mode", "IC")),
                    Files.readString(layout.topologyFile(), StandardCharsets.UTF_8),
                    p.getProperty("topology", "topology.yaml"), Integer.parseInt(p.getProperty("port", "0")));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadStateException("cannot read the sandbox state in " + layout.base() + ": " + e.getMessage());
        }
    }

    /** The sandbox directory's state files are missing or broken. */
    public static final class BadStateException extends Exception {
        public BadStateException(String message) {
            super(message);
        }
    }
}
