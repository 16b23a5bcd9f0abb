package dev.engram.experiments.data;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed (detected from the content): magic
 * {@code 0x00 0x00 type dims}, then {@code dims} big-endian sizes, then the data. Only unsigned bytes
 * (type {@code 0x08}, what MNIST and Fashion-MNIST use) are accepted.
 */
public final class Idx {
    /** The type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private Idx() {
    }

    /** The content of an IDX file: its sizes and its bytes (row-major). */
    public record Array(int[] dims, byte[] data) {
        public Array {
            dims = dims.clone();
        }

        /** Number of entries along the first dimension (images, labels). */
        public int count() {
            return dims[0];
        }

        /** Bytes per entry (rows x columns for images, 1 for labels). */
        public int entrySize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }

        /** Byte {@code i} as an unsigned value 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xFF;
        }

        @Override
        public int[] dims() {
            return dims.clone();
        }
    }

    /**
     * Reads an IDX file.
     *
     * @throws IllegalArgumentException when the file is missing, not IDX, of an unsupported type, truncated or
     *                                  has trailing bytes, naming the file and what is wrong
     * @throws IOException              on other read errors
     */
    public static Array read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw)) : raw;
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("IDX file '" + file + "' does not exist", e);
        } catch (ZipException | EOFException e) {
            throw new IllegalArgumentException("IDX file '" + file + "' is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private static Array read(InputStream in, String name) throws IOException {
        byte[] head = readFully(in, 4, name, "header");
        if (head[0] != 0 || head[1] != 0) {
            throw new IllegalArgumentException("'" + name + "' is not an IDX file: it starts with bytes "
                    + hex(head[0]) + " " + hex(head[1]) + ", an IDX file with 00 00");
        }
        int type = head[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IllegalArgumentException("IDX file '" + name + "' holds type 0x" + hex(head[2])
                    + "; only unsigned bytes (0x08) are supported");
        }
        int nd = head[3] & 0xFF;
        if (nd < 1 || nd > 4) {
            throw new IllegalArgumentException("IDX file '" + name + "' declares " + nd + " dimensions; accepted: 1 to 4");
        }
        byte[] dimBytes = readFully(in, 4 * nd, name, "dimension sizes");
        int[] dims = new int[nd];
        long total = 1;
        for (int d = 0; d < nd; d++) {
            int v = ((dimBytes[4 * d] & 0xFF) << 24) | ((dimBytes[4 * d + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * d + 2] & 0xFF) << 8) | (dimBytes[4 * d + 3] & 0xFF);
            if (v <= 0) {
                throw new IllegalArgumentException("IDX file '" + name + "' declares size " + v + " for dimension " + d
                        + "; sizes must be at least 1");
            }
            dims[d] = v;
            total *= v;
            if (total > MAX_BYTES) {
                throw new IllegalArgumentException("IDX file '" + name + "' declares " + Arrays.toString(dims)
                        + ": more than 2 GB of data");
            }
        }
        byte[] data = readFully(in, (int) total, name, "data");
        if (in.read() != -1) {
            throw new IllegalArgumentException("IDX file '" + name + "' has bytes after the " + total
                    + " its header " + Arrays.toString(dims) + " declares");
        }
        return new Array(dims, data);
    }

    private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r;
            try {
                r = in.read(b, got, n - got);
            } catch (EOFException e) {
                r = -1;
            }
            if (r < 0) {
                throw new IllegalArgumentException("IDX file '" + name + "' is truncated: its " + what + " needs " + n
                        + " bytes, only " + got + " are there");
            }
            got += r;
        }
        return b;
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }

    /** Writes an unsigned-byte IDX file (gzip-compressed when {@code gzip}); for tests and data subsets. */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        long total = 1;
        for (int d : dims) {
            total *= d;
        }
        if (total != data.length) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(dims) + " need " + total + " bytes, got " + data.length);
        }
        dev.engram.experiments.io.AtomicFiles.write(file, os -> {
            OutputStream target = gzip ? new GZIPOutputStream(os) : os;
            DataOutputStream out = new DataOutputStream(target);
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(UNSIGNED_BYTE);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            if (target instanceof GZIPOutputStream g) {
                g.finish();
            }
        });
    }
}
