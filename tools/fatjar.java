import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Merges a class path into one runnable jar: {@code java tools/fatjar.java OUT.jar MAIN-CLASS CLASSPATH}.
 *
 * Why not {@code jbang export fatjar}: it keeps only the first copy of each {@code META-INF/services} file (fabric8's
 * model jars each register their types there) and the JDK's jar tool refuses a main class in the unnamed package once
 * a dependency brings a {@code module-info.class}. Here service files are concatenated, module descriptors and
 * signatures dropped (the merged jar is on the class path, not a module), and otherwise the first copy of a file wins,
 * in class path order, as it does at run time. Multi-release entries are kept, so the jar says {@code Multi-Release}.
 */
public class fatjar {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java tools/fatjar.java OUT.jar MAIN-CLASS CLASSPATH");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, args[1]);
        main.put(Attributes.Name.MULTI_RELEASE, "true");
        main.putValue("Created-By", "ovntrace tools/fatjar.java");
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        Set<String> written = new LinkedHashSet<>();
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            written.add("META-INF/MANIFEST.MF");
            for (String element : args[2].split(java.io.File.pathSeparator)) {
                if (element.isBlank()) continue;
                try (JarFile in = new JarFile(element)) {
                    for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        String name = entry.getName();
                        if (entry.isDirectory() || skipped(name)) continue;
                        try (InputStream data = in.getInputStream(entry)) {
                            if (name.startsWith("META-INF/services/")) {
                                ByteArrayOutputStream merged = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                                data.transferTo(merged);
                                merged.write('\n');
                            } else if (written.add(name)) {
                                jar.putNextEntry(new JarEntry(name));
                                data.transferTo(jar);
                                jar.closeEntry();
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> s : services.entrySet()) {
                jar.putNextEntry(new JarEntry(s.getKey()));
                write(jar, s.getValue().toString(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.println("fatjar: wrote " + out + " (" + Files.size(out) / 1024 + " KiB, " + written.size() + " files, "
                + services.size() + " service files merged)");
    }

    private static boolean skipped(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")
                || upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA")
                        || upper.endsWith(".EC") || upper.startsWith("META-INF/INDEX.LIST"));
    }

    /** Each provider once, in class path order, comments and blank lines dropped. */
    private static void write(OutputStream jar, String lines) throws IOException {
        Set<String> providers = new LinkedHashSet<>();
        for (String line : lines.split("\n")) {
            String provider = line.replaceAll("#.*", "").strip();
            if (!provider.isEmpty()) providers.add(provider);
        }
        jar.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
