package dev.engram.experiments.sweep;

import dev.engram.experiments.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The finished trials of a sweep folder: one file {@code trials/<id>.json} per trial, written atomically and
 * never replaced, so that many processes (slices of a job array, a cluster's coordinator) can add records to one
 * folder on a shared file system without ever writing the same file.
 */
public final class TrialStore {
    /** The folder of the records, inside the sweep folder. */
    public static final String FOLDER = "trials";

    private final Path dir;

    public TrialStore(Path sweepFolder) {
        this.dir = sweepFolder.resolve(FOLDER);
    }

    public Path folder() {
        return dir;
    }

    public Path file(String id) {
        return dir.resolve(id + ".json");
    }

    public boolean has(String id) {
        return Files.isRegularFile(file(id));
    }

    /**
     * Adds {@code record} unless a record of that id is already there (the first one stays: a trial is recorded
     * once however often it ran).
     *
     * @return whether this call wrote it
     */
    public boolean add(TrialRecord record) throws IOException {
        Path target = file(record.id());
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(dir);
        Path tmp = dev.engram.api.ModelFiles.newTemporary(file(record.id()));
        try {
            Files.write(tmp, (record.text() + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                // a hard link is created whole or not at all, and fails when the target exists
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target)) {
                    return false;
                }
                AtomicFiles.write(target, Files.readAllBytes(tmp));
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Every record in the folder, by id (in file-name order).
     *
     * @throws IllegalArgumentException naming the file when a record is corrupt or of another form
     */
    public Map<String, TrialRecord> readAll() throws IOException {
        Map<String, TrialRecord> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        java.util.List<Path> files = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        for (Path p : files) {
            TrialRecord r = TrialRecord.read(p);
            String expected = p.getFileName().toString().replaceFirst("\\.json$", "");
            if (!r.id().equals(expected)) {
                throw new IllegalArgumentException(p + " holds the record of trial " + r.id()
                        + ", not of " + expected + "; rename or remove it");
            }
            out.put(r.id(), r);
        }
        return out;
    }
}
