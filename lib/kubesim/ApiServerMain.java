package ovntrace.kubesim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import ovntrace.ovn.NodeShell;
import ovntrace.ovn.SandboxLayout;
import ovntrace.topology.Topology;

/**
 * The sandbox's API server as a background process: {@code ApiServerMain --dir <base> --port <n>}. Reads the
 * effective topology {@code up} left in the base directory, serves it, writes {@code api/port} when ready and
 * runs until terminated. Exit codes: 2 bad arguments or topology, 5 port in use, 1 anything else.
 */
public final class ApiServerMain {

    private ApiServerMain() {}

    public static void main(String[] args) {
        if (args.length != 4 || !args[0].equals("--dir") || !args[2].equals("--port")) {
            System.err.println("usage: ApiServerMain --dir <sandbox dir> --port <port, 0 for any>");
            System.exit(2);
        }
        SandboxLayout layout = new SandboxLayout(Path.of(args[1]));
        try {
            Topology topology = SandboxState.read(layout).topology();
            ApiServer server = ApiServer.start(topology, new SandboxExecBackend(topology, new NodeShell(layout),
                    Optional.of(new Faults(layout))), Integer.parseInt(args[3]));
            server.serveSandbox(layout);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            writeAtomically(layout.apiPortFile(), server.port() + "\n");
            System.err.println("serving " + server.url());
            new CountDownLatch(1).await();
        } catch (ApiServer.PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(5);
        } catch (SandboxState.BadStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("API server failed: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
