package ovntrace.ovn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian mirror the host's apt uses, read from {@code /etc/apt/sources.list} and {@code sources.list.d}
 * (one-line and deb822 formats), so that building a root works wherever {@code apt-get} works (a local mirror, a
 * proxy, a snapshot). Security and third-party repositories are skipped: only one that serves a Debian release
 * suite (bookworm, trixie, stable...) qualifies.
 */
public final class AptMirror {

    static final String FALLBACK = "http://deb.debian.org/debian";
    private static final List<String> SUITES = List.of("buster", "bullseye", "bookworm", "trixie", "forky", "sid",
            "oldstable", "stable", "testing", "unstable");

    private AptMirror() {}

    /** The host's Debian mirror, or deb.debian.org if the sources name none. */
    public static String host() {
        List<String> texts = new ArrayList<>();
        Path etc = Path.of("/etc/apt");
        read(etc.resolve("sources.list")).ifPresent(texts::add);
        try (Stream<Path> d = Files.list(etc.resolve("sources.list.d"))) {
            d.sorted().filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources"))
                    .forEach(p -> read(p).ifPresent(texts::add));
        } catch (IOException e) {
            // no sources.list.d: only sources.list counts
        }
        return texts.stream().map(AptMirror::find).flatMap(Optional::stream).findFirst().orElse(FALLBACK);
    }

    /** The first Debian mirror in one sources file's text, either format. */
    static Optional<String> find(String text) {
        List<String> uris = new ArrayList<>();
        List<String> suites = new ArrayList<>();
        for (String raw : (text + "\n\n").split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("deb ")) {
                // deb [options] URI SUITE COMPONENTS...
                String[] f = line.replaceAll("\\[[^]]*]", " ").trim().split("\\s+");
                if (f.length >= 3 && debianSuite(f[2]) && !f[1].contains("security")) {
                    return Optional.of(trim(f[1]));
                }
            } else if (line.startsWith("URIs:")) {
                uris = List.of(line.substring(5).trim().split("\\s+"));
            } else if (line.startsWith("Suites:")) {
                suites = List.of(line.substring(7).trim().split("\\s+"));
            } else if (line.isEmpty()) {
                // end of a deb822 stanza
                Optional<String> uri = uris.stream().filter(u -> !u.contains("security")).findFirst();
                if (uri.isPresent() && suites.stream().anyMatch(AptMirror::debianSuite)) {
                    return Optional.of(trim(uri.get()));
                }
                uris = List.of();
                suites = List.of();
            }
        }
        return Optional.empty();
    }

    private static boolean debianSuite(String suite) {
        return SUITES.contains(suite.replaceAll("[-/].*", ""));
    }

    private static String trim(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
