package dev.engram.experiments.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What an I/O error means, in words, for one-line messages: never a raw exception class name
 * ({@code FileAlreadyExistsException: /x} becomes {@code /x already exists}).
 */
public final class IoErrors {
    private IoErrors() {
    }

    /**
     * Whether {@code e} (or what caused it) says the storage is full: no space left on the device, a quota
     * exceeded, a file larger than the file system allows. Such a failure is not bad input (exit code 1, not 2):
     * the same command works once there is room.
     */
    public static boolean outOfSpace(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c instanceof FileSystemException f && f.getReason() != null ? f.getReason() : c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("File too large"))) {
                return true;
            }
        }
        return false;
    }

    /** The reason of {@code e}, naming the file where the exception knows it. */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException fse ? fse.getFile() : null;
        String other = e instanceof FileSystemException fse ? fse.getOtherFile() : null;
        String reason = e instanceof FileSystemException fse ? fse.getReason() : null;
        String at = file == null ? "" : "'" + file + "' ";
        return switch (e) {
            case NoSuchFileException x -> at + "does not exist" + (other == null ? "" : " (moving to '" + other + "')");
            case FileAlreadyExistsException x -> at + "already exists" + (reason == null ? "" : " (" + reason + ")");
            case AccessDeniedException x -> "permission denied" + (file == null ? "" : " for '" + file + "'");
            case NotDirectoryException x -> at + "is not a folder";
            case DirectoryNotEmptyException x -> at + "is a folder that is not empty";
            case CharacterCodingException x -> "the text is not UTF-8";
            // ImageIO words every write failure "I/O error writing PNG file!"; the cause says what happened
            case javax.imageio.IIOException x when x.getCause() instanceof IOException c -> describe(c);
            case FileSystemException x when reason != null -> reason + (file == null ? "" : " ('" + file + "')");
            default -> e.getMessage() != null ? e.getMessage() : "an I/O error";
        };
    }
}
