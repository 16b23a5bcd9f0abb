package dev.engram.experiments.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: the content goes to a temporary file in the same folder, which is then moved over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader (or an interrupted run) sees either the old
 * file or the complete new one, never a half-written file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes what {@code body} writes to its stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with what {@code body} writes; creates missing parent folders.
     *
     * @throws IOException when the folder cannot be created or written; a failure while writing (a full disk) is
     *         {@code "cannot write 'TARGET': REASON"}; the temporary file is removed and an existing target is unchanged
     */
    public static void write(Path target, StreamWriter body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        createFolder(dir);
        Path tmp = dev.engram.api.ModelFiles.newTemporary(abs);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            } catch (IOException e) {
                // a full disk, say: the temporary file goes (finally), the target keeps its old content
                throw new IOException("cannot write '" + target + "': " + reason(e), e);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one line (a line break is added) by rewriting the file atomically: the file always holds
     * complete lines only. Meant for result logs of a few thousand lines (sweeps), not for big files.
     */
    public static void appendLine(Path target, String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a result line must not contain line breaks");
        }
        byte[] old = Files.exists(target) ? Files.readAllBytes(target) : new byte[0];
        byte[] add = (line + "\n").getBytes(StandardCharsets.UTF_8);
        boolean needsBreak = old.length > 0 && old[old.length - 1] != '\n';
        write(target, out -> {
            out.write(old);
            if (needsBreak) {
                out.write('\n');
            }
            out.write(add);
        });
    }

    /**
     * Creates {@code dir} (and its parents) and checks that a file can be written in it.
     *
     * @throws IllegalArgumentException naming the folder when it cannot be created or is not writable
     */
    public static Path requireWritableFolder(Path dir) {
        try {
            createFolder(dir.toAbsolutePath());
            Path probe = Files.createTempFile(dir.toAbsolutePath(), ".engram-write-check.", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("output folder '" + dir + "' cannot be written: " + reason(e), e);
        }
    }

    private static void createFolder(Path dir) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    private static String reason(IOException e) {
        return IoErrors.describe(e);
    }
}
