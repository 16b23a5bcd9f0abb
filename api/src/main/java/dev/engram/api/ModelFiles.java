package dev.engram.api;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Saves and loads any {@link Model} in one versioned binary container:
 * <pre>
 *   8 bytes   magic "ENGRAMMD"
 *   int       format version (1)
 *   UTF       provider name (e.g. dam)
 *   int       dimension
 *   int       number of parameters, then each as a UTF "name=value" assignment
 *   long      payload length, then the payload: what {@link Model#writeState} wrote
 *   long      CRC32 of every byte before it
 * </pre>
 * (big-endian, {@link java.io.DataOutput} encoding). Saving writes a temporary file in the target's folder and
 * moves it into place atomically. Loading checks, in order, the length, magic, version and checksum, then
 * rebuilds the model through the provider named in the file ({@link ModelProvider#read}); the payload must be
 * consumed exactly. Every problem is an {@link IOException} naming the file and what is wrong (an unknown
 * provider or parameter: {@link IllegalArgumentException}, also naming the file). A payload shorter than the
 * provider's {@link ModelProvider#minimumStateBytes} is refused before anything is allocated; a model too large
 * for this JVM is a {@link SizeLimitException} (an {@link IllegalArgumentException}) saying what it needs and
 * what the JVM has.
 *
 * <p>The methods are static and thread-safe; saving a model that another thread is changing may write a
 * state that mixes before and after.
 *
 * @since 0.2
 */
public final class ModelFiles {
    /** The first eight bytes of every model file. */
    public static final byte[] MAGIC = "ENGRAMMD".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private ModelFiles() {
    }

    /**
     * What a model file says about itself, without its state.
     *
     * @param version   the format version, {@link #VERSION}
     * @param provider  the name of the provider that made the model
     * @param dimension the model's dimension, at least 1
     * @param params    the parameters as {@code name=value} assignments, in the order saved
     * @since 0.2
     */
    public record Header(int version, String provider, int dimension, List<String> params) {
    }

    /**
     * Writes {@code model} to {@code file} atomically (temp file in the same folder, then an atomic move). Missing
     * parent folders are created.
     *
     * @param model the model
     * @param file  the file, replaced if it exists
     * @throws IOException when the state cannot be written, the folder or file cannot be created, or the file system
     *         cannot move atomically
     */
    public static void save(Model model, Path file) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            model.writeState(out);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(payload.size() + 256);
        DataOutputStream out = new DataOutputStream(all);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(model.providerName());
        out.writeInt(model.dimension());
        List<String> assignments = model.params().toAssignments();
        out.writeInt(assignments.size());
        for (String a : assignments) {
            out.writeUTF(a);
        }
        out.writeLong(payload.size());
        payload.writeTo(out);
        out.flush();
        CRC32 crc = new CRC32();
        byte[] bytes = all.toByteArray();
        crc.update(bytes);
        out.writeLong(crc.getValue());
        out.flush();
        writeAtomically(file, all.toByteArray());
    }

    /**
     * Writes {@code bytes} to a temporary file next to {@code file}, then moves it into place atomically: a reader
     * sees the old file or the whole new one. Missing parent folders are created; the temporary file is removed
     * whatever happens.
     *
     * @param file  the file, replaced if it exists
     * @param bytes its new content
     * @throws IOException when the folder or file cannot be created ({@code "cannot save 'FILE': REASON"}), the bytes
     *         cannot be written (a full disk: {@code "cannot write 'FILE': REASON"}; nothing is left behind and an
     *         existing file is unchanged), or the file system cannot move atomically
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = newTemporary(abs);
        } catch (IOException e) {
            throw new IOException("cannot save '" + file + "': " + reason(e), e);
        }
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                os.write(bytes);
            } catch (IOException e) {
                // a full disk, a quota, a device error: the temporary file goes, an existing file stays as it was
                throw new IOException("cannot write '" + file + "': " + reason(e), e);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot save '" + file + "': the file system does not support atomic moves", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** How old a temporary file of a save must be before a later save of the same file removes it. */
    static final long STALE_MILLIS = 60_000;

    /**
     * A new temporary file beside {@code target}, named {@code .NAME.<random>.tmp} and created with the
     * process's default permissions (the umask applies, unlike {@link Files#createTempFile}, which makes files
     * only the owner can read). Temporary files of earlier saves of the same name that are older than a minute
     * (left by a save that was killed) are removed first. Every atomic write of Engram's uses it (model files here,
     * and the result files of {@code engram-experiments}).
     *
     * @param target the file the temporary file will be moved to (its folder must exist)
     * @return the new, empty temporary file
     * @throws IOException when the folder cannot be written
     */
    public static Path newTemporary(Path target) throws IOException {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            long now = System.currentTimeMillis();
            for (Path p : ds) {
                try {
                    if (now - Files.getLastModifiedTime(p).toMillis() > STALE_MILLIS) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // another process's, or gone already: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // no listing, no clean-up; the save itself goes on
        }
        java.util.random.RandomGenerator rng = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toHexString(rng.nextLong()) + ".tmp");
            try {
                Files.newByteChannel(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE).close();
                return p;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Loads a model with the registry's selected kernels and seed 0 (models keep their own seed in their state).
     *
     * @param file     the file
     * @param registry where to find the provider named in the file
     * @return the model, equal to the one saved
     * @throws ModelFileException when the file is not a model file, is truncated or corrupt, has another format
     *         version, or holds a state its provider refuses ({@link ModelFileException#problem()} says which)
     * @throws IOException        when the file cannot be read
     * @throws dev.engram.api.spi.UnknownProviderException when no provider in {@code registry} has the file's name
     * @throws dev.engram.api.param.ParameterException     when the provider refuses a parameter in the file
     * @throws SizeLimitException when the model is too large for this JVM
     */
    public static Model load(Path file, Registry registry) throws IOException {
        return load(file, registry, registry.kernels());
    }

    /**
     * Loads a model computing with {@code kernels}.
     *
     * @param file     the file
     * @param registry where to find the provider named in the file
     * @param kernels  the kernels the model computes with
     * @return the model, equal to the one saved
     * @throws ModelFileException when the file is not a model file, is truncated or corrupt, has another format
     *         version, or holds a state its provider refuses ({@link ModelFileException#problem()} says which)
     * @throws IOException        when the file cannot be read
     * @throws dev.engram.api.spi.UnknownProviderException when no provider in {@code registry} has the file's name
     * @throws dev.engram.api.param.ParameterException     when the provider refuses a parameter in the file
     * @throws SizeLimitException when the model is too large for this JVM
     */
    public static Model load(Path file, Registry registry, Kernels kernels) throws IOException {
        byte[] bytes = readAll(file);
        Parsed p = parse(file, bytes);
        ModelProvider provider;
        Params params;
        try {
            provider = registry.model(p.header.provider());
            params = provider.parseParams(Params.parseAssignments(p.header.params()));
        } catch (dev.engram.api.spi.UnknownProviderException e) {
            throw new dev.engram.api.spi.UnknownProviderException(e.kind(), e.name(), e.installed(),
                    "model file '" + file + "': " + e.getMessage());
        } catch (dev.engram.api.param.ParameterException e) {
            throw new dev.engram.api.param.ParameterException(e.owner(), e.parameter(),
                    "model file '" + file + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model file '" + file + "': " + e.getMessage(), e);
        }
        ModelContext context = new ModelContext(p.header.dimension(), params, kernels, 0L);
        long least;
        try {
            least = provider.minimumStateBytes(context);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, ModelFileException.Problem.BAD_STATE, "model file '" + file + "': the "
                    + p.header.provider() + " provider cannot size a state of dimension " + p.header.dimension() + ": "
                    + e.getMessage(), e);
        }
        if (p.payloadLength < least) {
            throw new ModelFileException(file, ModelFileException.Problem.TRUNCATED, "model file '" + file
                    + "' is truncated or malformed: a " + p.header.provider() + " state of dimension "
                    + Sizes.count(p.header.dimension()) + " with its parameters has at least " + Sizes.count(least)
                    + " bytes, the file holds " + Sizes.count(p.payloadLength), null);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, p.payloadOffset, p.payloadLength));
        Model model;
        try {
            model = provider.read(context, in);
            if (model == null) {
                throw new IOException("the " + p.header.provider() + " provider (" + provider.getClass().getName()
                        + ") read no model (null)");
            }
        } catch (SizeLimitException e) {
            throw new SizeLimitException("model file '" + file + "': " + e.getMessage());
        } catch (EOFException e) {
            throw new ModelFileException(file, ModelFileException.Problem.BAD_STATE, "model file '" + file + "': the "
                    + p.header.provider() + " state ends early (payload truncated or malformed)", e);
        } catch (IOException e) {
            throw new ModelFileException(file, ModelFileException.Problem.BAD_STATE, "model file '" + file + "': "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, ModelFileException.Problem.BAD_STATE, "model file '" + file
                    + "': malformed " + p.header.provider() + " state: " + e.getMessage(), e);
        }
        if (in.available() != 0) {
            throw new ModelFileException(file, ModelFileException.Problem.BAD_STATE, "model file '" + file + "': "
                    + in.available() + " bytes of the " + p.header.provider() + " state were not read; the file does "
                    + "not match its provider", null);
        }
        return model;
    }

    /**
     * Reads and checks only the header (magic, version, checksum included); no provider is needed.
     *
     * @param file the file
     * @return what the file says about its model
     * @throws ModelFileException when the file is not a model file, is truncated or corrupt, or has another format version
     * @throws IOException        when the file cannot be read
     */
    public static Header header(Path file) throws IOException {
        return parse(file, readAll(file)).header;
    }

    private record Parsed(Header header, int payloadOffset, int payloadLength) {
    }

    private static byte[] readAll(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read model file '" + file + "': " + reason(e), e);
        }
    }

    private static Parsed parse(Path file, byte[] bytes) throws IOException {
        String f = "model file '" + file + "'";
        if (bytes.length < MAGIC.length + 4) {
            if (bytes.length < MAGIC.length && Arrays.equals(bytes, 0, bytes.length, MAGIC, 0, bytes.length)) {
                throw new ModelFileException(file, ModelFileException.Problem.TRUNCATED, f + " is truncated (" + bytes.length + " bytes)", null);
            }
            if (!Arrays.equals(bytes, 0, Math.min(bytes.length, MAGIC.length), MAGIC, 0, Math.min(bytes.length, MAGIC.length))) {
                throw new ModelFileException(file, ModelFileException.Problem.NOT_A_MODEL_FILE, f + " is not an engram model file (wrong magic)", null);
            }
            throw new ModelFileException(file, ModelFileException.Problem.TRUNCATED, f + " is truncated (" + bytes.length + " bytes)", null);
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFileException(file, ModelFileException.Problem.NOT_A_MODEL_FILE, f + " is not an engram model file (wrong magic)", null);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new ModelFileException(file, ModelFileException.Problem.OTHER_VERSION, f + " has format version " + version + "; this engram reads version " + VERSION, null);
            }
            String provider = in.readUTF();
            if (!provider.matches("[a-z][a-z0-9_-]{0,63}")) {
                throw new ModelFileException(file, ModelFileException.Problem.CORRUPT, f + " is corrupt: its provider name is not a name (" + printable(provider) + ")", null);
            }
            int dimension = in.readInt();
            int count = in.readInt();
            if (count < 0 || count > 10_000) {
                throw corruptOrTruncated(f, bytes);
            }
            List<String> params = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String assignment = in.readUTF();
                if (!assignment.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                    throw new ModelFileException(file, ModelFileException.Problem.CORRUPT, f + " is corrupt: parameter " + (i + 1) + " holds control characters ("
                            + printable(assignment) + ")", null);
                }
                params.add(assignment);
            }
            long payload = in.readLong();
            int offset = bytes.length - in.available();
            if (payload < 0) {
                throw corruptOrTruncated(f, bytes);
            }
            long need = offset + payload + 8L;
            if (need > bytes.length) {
                throw new ModelFileException(file, ModelFileException.Problem.TRUNCATED, f + " is truncated: its header declares " + payload + " state bytes and a checksum ("
                        + need + " bytes in all), the file has " + bytes.length, null);
            }
            int end = offset + (int) payload;
            if (need < bytes.length) {
                throw new ModelFileException(file, ModelFileException.Problem.CORRUPT, f + " is corrupt: " + (bytes.length - need) + " unexpected bytes after the checksum", null);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, end);
            long stored = 0;
            for (int i = 0; i < 8; i++) {
                stored = (stored << 8) | (bytes[end + i] & 0xFF);
            }
            if (stored != crc.getValue()) {
                throw new ModelFileException(file, ModelFileException.Problem.CORRUPT, f + " is corrupt: checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(crc.getValue()) + ")", null);
            }
            if (dimension <= 0) {
                throw new ModelFileException(file, ModelFileException.Problem.CORRUPT, f + " has dimension " + dimension + "; expected at least 1", null);
            }
            return new Parsed(new Header(version, provider, dimension, params), offset, (int) payload);
        } catch (EOFException e) {
            throw new ModelFileException(file, ModelFileException.Problem.TRUNCATED, f + " is truncated (" + bytes.length + " bytes)", e);
        } catch (java.io.UTFDataFormatException e) {
            throw corruptOrTruncated(f, bytes);
        }
    }

    /** An I/O error in words (never a bare exception class name or just the path again). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return "'" + f.getFile() + "' already exists and is not a folder";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : "an I/O error";
    }

    /** Text from a file for a one-line message: control characters escaped, at most 60 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 60 ? "...'" : "'").toString();
    }

    /** A header that does not add up: a checksum over the whole file tells truncation from corruption. */
    private static IOException corruptOrTruncated(String f, byte[] bytes) {
        return new ModelFileException(null, ModelFileException.Problem.CORRUPT, f + " is truncated or corrupt: its header does not match its length (" + bytes.length
                + " bytes)", null);
    }
}
