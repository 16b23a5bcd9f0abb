package dev.engram.experiments.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer per output folder: an operating-system file lock on {@code DIR/.engram.lock}, held while a run,
 * sweep or study writes there and released by the operating system when the process ends, however it ends.
 * A slice of a job array ({@link #slice}) shares the folder with the other slices (a shared lock on
 * {@code .engram.lock}) and holds its own {@code .engram-slice-I-of-N.lock} alone. The lock file says who holds
 * it (pid, host, start time, command), so that the process refused can name the holder.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file of a folder. */
    public static final String FILE = ".engram.lock";

    /** Thrown when another process (or this one) holds the folder. */
    public static final class HeldException extends IllegalArgumentException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    private final List<FileChannel> channels;
    private final List<FileLock> locks;
    private final Shared shared;

    private FolderLock(List<FileChannel> channels, List<FileLock> locks, Shared shared) {
        this.channels = channels;
        this.locks = locks;
        this.shared = shared;
    }

    /**
     * Takes {@code dir} for this process alone (the folder must exist).
     *
     * @param command what holds it, for the message another process gets ({@code sweep}, {@code run})
     * @throws HeldException naming the holder when another process holds the folder or a slice of it
     */
    public static FolderLock exclusive(Path dir, String command) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = open(file);
        FileLock lock = tryLock(ch, false);
        if (lock == null) {
            ch.close();
            throw new HeldException(heldMessage(dir));
        }
        writeHolder(ch, command);
        return new FolderLock(List.of(ch), List.of(lock), null);
    }

    /**
     * Takes slice {@code index} of {@code count} of {@code dir}: the folder shared with the other slices, this
     * slice alone.
     *
     * @throws HeldException when a process holds the whole folder, or another process runs the same slice
     */
    public static FolderLock slice(Path dir, int index, int count, String command) throws IOException {
        Path sharedFile = dir.resolve(FILE).toAbsolutePath().normalize();
        Shared shared = Shared.acquire(sharedFile, dir);
        Path own = dir.resolve(sliceFile(index, count));
        FileChannel ch;
        FileLock l;
        try {
            ch = open(own);
            l = tryLock(ch, false);
        } catch (IOException | RuntimeException e) {
            shared.release();
            throw e;
        }
        if (l == null) {
            ch.close();
            shared.release();
            throw new HeldException("output folder '" + dir + "': slice " + index + "/" + count + " is already running ("
                    + holder(own) + "); each slice runs once at a time");
        }
        writeHolder(ch, command + " --shard " + index + "/" + count);
        return new FolderLock(List.of(ch), List.of(l), shared);
    }

    /**
     * The shared lock of a folder, held once per process however many slices of it this process runs (the JVM
     * refuses two overlapping locks on one file).
     */
    private static final class Shared {
        private static final java.util.Map<Path, Shared> HELD = new java.util.HashMap<>();
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private int users;

        private Shared(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        static Shared acquire(Path file, Path dir) throws IOException {
            synchronized (HELD) {
                Shared s = HELD.get(file);
                if (s == null) {
                    FileChannel ch = open(file);
                    FileLock l = tryLock(ch, true);
                    if (l == null) {
                        ch.close();
                        throw new HeldException(heldMessage(dir));
                    }
                    s = new Shared(file, ch, l);
                    HELD.put(file, s);
                }
                s.users++;
                return s;
            }
        }

        void release() throws IOException {
            synchronized (HELD) {
                if (--users == 0) {
                    HELD.remove(file);
                    if (lock.isValid()) {
                        lock.release();
                    }
                    channel.close();
                }
            }
        }
    }

    static String sliceFile(int index, int count) {
        return ".engram-slice-" + index + "-of-" + count + ".lock";
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The lock, or null when someone (another process, or another lock of this process) holds it. */
    private static FileLock tryLock(FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void writeHolder(FileChannel ch, String command) throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String text = "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now() + " ("
                + command + ")\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
    }

    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder unknown" : s;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    /** Who holds {@code dir}: the exclusive holder, or the slices running in it. */
    private static String heldMessage(Path dir) throws IOException {
        List<String> slices = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".engram-slice-*.lock")) {
            for (Path p : ds) {
                try (FileChannel ch = open(p)) {
                    FileLock probe = tryLock(ch, false);
                    if (probe == null) {
                        slices.add(holder(p));
                    } else {
                        probe.release();
                    }
                }
            }
        }
        String who = slices.isEmpty() ? holder(dir.resolve(FILE)) : "slices: " + String.join("; ", slices);
        return "output folder '" + dir + "' is in use by another engram (" + who + "); wait for it to finish or "
                + "choose another --out";
    }

    private boolean closed;

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (FileLock l : locks) {
            if (l.isValid()) {
                l.release();
            }
        }
        for (FileChannel c : channels) {
            c.close();
        }
        if (shared != null) {
            shared.release();
        }
    }
}
