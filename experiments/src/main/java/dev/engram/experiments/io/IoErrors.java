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
            case FileSystemException x when reason != null -> reason + (file == null ? "" : " ('" + file + "')");
            default -> e.getMessage() != null ? e.getMessage() : "an I/O error";
        };
    }
}
