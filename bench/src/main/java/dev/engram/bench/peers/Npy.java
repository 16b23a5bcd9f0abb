package dev.engram.bench.peers;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes NumPy {@code .npy} files (format 1.0, little-endian, C order), atomically. */
final class Npy {
    private Npy() {
    }

    /** An {@code int8} matrix of ±1 values. */
    static void writeInt8(Path file, byte[] data, int rows, int cols) throws IOException {
        write(file, "|i1", rows, cols, data);
    }

    /** A {@code float32} matrix. */
    static void writeFloat32(Path file, float[] data, int rows, int cols) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(file, "<f4", rows, cols, b.array());
    }

    private static void write(Path file, String dtype, int rows, int cols, byte[] body) throws IOException {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp));
             DataOutputStream out = new DataOutputStream(os)) {
            out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
