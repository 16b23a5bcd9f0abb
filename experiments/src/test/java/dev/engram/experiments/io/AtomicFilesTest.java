package dev.engram.experiments.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes honour the umask and clean up after a write that was killed. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileHasThePermissionsOfAnyNewFile() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain.txt"));      // the process's default: 0666 & ~umask
        Path written = dir.resolve("written.json");
        AtomicFiles.writeString(written, "{}");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(written));
        // (Files.createTempFile, used before, gave owner-only files whatever the umask)
        Path temp = Files.createTempFile(dir, "x", ".tmp");
        if (!Files.getPosixFilePermissions(temp).equals(expected)) {
            assertFalse(Files.getPosixFilePermissions(written).equals(Files.getPosixFilePermissions(temp)));
        }
    }

    @Test
    void theNextWriteRemovesTheStaleTemporaryFilesOfAKilledOne() throws Exception {
        Path stale = Files.writeString(dir.resolve(".results.json.1234abcd.tmp"), "half a file");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
        Path fresh = Files.writeString(dir.resolve(".results.json.99.tmp"), "another process, just now");
        Path other = Files.writeString(dir.resolve(".other.json.1.tmp"), "not ours");
        Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
        AtomicFiles.writeString(dir.resolve("results.json"), "{\"ok\":true}");
        assertFalse(Files.exists(stale), "the stale temporary file of results.json is gone");
        assertTrue(Files.exists(fresh), "a fresh one may be another writer's: it stays");
        assertTrue(Files.exists(other), "another file's temporary stays");
        assertEquals("{\"ok\":true}", Files.readString(dir.resolve("results.json")));
    }

    @Test
    void theStatusIsOverwrittenInPlaceWithTheSameNumberOfBytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("results.json");
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("name", "a \"status\" : \"running\" in a string");
        doc.put("status", "running");
        doc.put("runs", java.util.List.of(java.util.Map.of("status", "running")));
        Json.write(f, doc);
        long size = Files.size(f);
        assertTrue(Json.patchStatusInPlace(f, "running", "failed"));
        assertEquals(size, Files.size(f));
        com.fasterxml.jackson.databind.JsonNode j = Json.read(f);
        assertEquals("failed", j.path("status").asText(), "the top-level status, not the one inside the name");
        assertEquals("a \"status\" : \"running\" in a string", j.path("name").asText());
        assertEquals("running", j.path("runs").get(0).path("status").asText(), "only the first one");
        assertFalse(Json.patchStatusInPlace(f, "interrupted", "failed"), "no such status: nothing changed");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Json.patchStatusInPlace(f, "failed", "interrupted"));
    }
}
