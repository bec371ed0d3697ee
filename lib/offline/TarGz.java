package ovntrace.lib.offline;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a {@code .tar.gz} (ustar, GNU long names, pax path records: what GNU tar writes for must-gather) into a
 * folder. Every entry must land inside that folder: an absolute name, a {@code ..} that climbs out, or a link pointing
 * outside refuses the whole archive, since a must-gather comes from a cluster that may be the one misbehaving. Links
 * inside are not recreated (the gather scripts write none), so nothing extracted can point elsewhere later.
 */
final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {}

    static void extract(Path archive, Path into) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            String longName = null, longLink = null;
            byte[] header = new byte[BLOCK];
            while (readBlock(in, header)) {
                if (isZero(header)) break;
                long size = size(header, archive);
                char type = (char) header[156];
                String name = longName != null ? longName : ustarName(header);
                String link = longLink != null ? longLink : text(header, 157, 100);
                longName = longLink = null;
                switch (type) {
                    case 'L' -> longName = text(readData(in, size), 0, (int) size);
                    case 'K' -> longLink = text(readData(in, size), 0, (int) size);
                    case 'x' -> {
                        byte[] records = readData(in, size);
                        longName = paxValue(records, "path");
                        longLink = paxValue(records, "linkpath");
                    }
                    case '0', '\0', '7' -> {
                        Path target = inside(archive, into, name);
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target)) {
                            copy(in, out, size);
                        }
                        skipPadding(in, size);
                    }
                    case '5' -> Files.createDirectories(inside(archive, into, name));
                    case '1', '2' -> {
                        Path at = inside(archive, into, name);
                        Path to = type == '2' ? at.getParent().resolve(link) : into.resolve(link);
                        if (link.startsWith("/") || !to.normalize().startsWith(into.normalize())) {
                            throw OfflineInputException.archiveEscape(archive, name + " -> " + link);
                        }
                        skip(in, size);
                    }
                    default -> skip(in, size); // 'g' global pax headers, devices, fifos: nothing a gather needs
                }
            }
        } catch (EOFException e) {
            throw OfflineInputException.badArchive(archive, "it ends in the middle of an entry");
        } catch (IOException e) {
            throw OfflineInputException.badArchive(archive, e.getMessage());
        }
    }

    /** The entry's place below {@code into}, refusing names that leave it. */
    static Path inside(Path archive, Path into, String name) {
        Path base = into.normalize();
        Path target = base.resolve(name).normalize();
        if (name.startsWith("/") || !target.startsWith(base)) {
            throw OfflineInputException.archiveEscape(archive, name);
        }
        return target;
    }

    private static String ustarName(byte[] h) {
        String name = text(h, 0, 100);
        String magic = text(h, 257, 6);
        String prefix = magic.startsWith("ustar") ? text(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long size(byte[] h, Path archive) {
        if ((h[124] & 0x80) != 0) { // GNU base-256 for sizes over 8 GiB
            long v = 0;
            for (int i = 125; i < 136; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        String octal = text(h, 124, 12).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw OfflineInputException.badArchive(archive, "an entry header is not a tar header");
        }
    }

    private static String paxValue(byte[] records, String key) {
        String all = new String(records, StandardCharsets.UTF_8);
        for (String line : all.split("\n")) {
            int space = line.indexOf(' '), eq = line.indexOf('=');
            if (space > 0 && eq > space && line.substring(space + 1, eq).equals(key)) return line.substring(eq + 1);
        }
        return null;
    }

    private static String text(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < b.length && b[end] != 0) end++;
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) return false;
        if (n < BLOCK) throw new EOFException();
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) throw new IOException("a header entry of " + size + " bytes");
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) throw new EOFException();
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new EOFException();
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        copy(in, OutputStream.nullOutputStream(), size);
        skipPadding(in, size);
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (in.readNBytes((int) pad).length < pad) throw new EOFException();
    }
}
