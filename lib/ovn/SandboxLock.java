package ovntrace.ovn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who is changing a sandbox directory right now: {@code up} and {@code down} hold an exclusive lock on
 * {@code DIR.lock} (next to the directory, which they create and delete) while they start or stop it, so a second
 * {@code up} or {@code down} on the same directory fails at once instead of finding a half-started sandbox and
 * calling it "running" or tearing it down under the first. The lock dies with its process, so a killed
 * {@code up} never leaves a stale one; the file holds the owner's pid for the message.
 */
public final class SandboxLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private SandboxLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path file(SandboxLayout layout) {
        return layout.base().resolveSibling(layout.base().getFileName() + ".lock");
    }

    /** Takes the lock or fails with exit code 6 naming the process that holds it. */
    public static SandboxLock acquire(SandboxLayout layout, String what) throws SandboxException {
        Path file = file(layout);
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very JVM holds it (a test starting the same directory twice at once)
            }
            if (lock == null) {
                String[] owner = (Files.readString(file).strip() + " ? ?").split(" ");
                ch.close();
                throw new SandboxException(SandboxException.STALE, layout.base() + " is in use by another "
                        + "ovntrace-sandbox (pid " + owner[0] + ", running " + owner[1] + "); wait for it, or use "
                        + "another --dir");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + what + "\n").getBytes(StandardCharsets.UTF_8)));
            return new SandboxLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new SandboxException(SandboxException.FAILED, "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock; {@code removeFile} when the directory is gone too (after a successful down). */
    public void release(boolean removeFile, SandboxLayout layout) {
        try {
            if (removeFile) {
                Files.deleteIfExists(file(layout));
            }
        } catch (IOException e) {
            // an empty lock file left next to a removed directory is harmless
        }
        close();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel below anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }
}
