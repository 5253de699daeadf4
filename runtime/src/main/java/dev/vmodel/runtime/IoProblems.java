package dev.vmodel.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** What went wrong with a file, in a few words for a one-line message. */
public final class IoProblems {
    private IoProblems() {}

    /**
     * The reason of a failed file operation. The JDK's file exceptions carry only the path as their
     * message ({@code AccessDeniedException: /runs/a}), which says where but not what.
     *
     * @param e the failure
     * @return e.g. "/runs/a: permission denied"
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            String file = f.getFile();
            if (e instanceof AccessDeniedException) {
                return file + ": permission denied";
            }
            if (e instanceof FileAlreadyExistsException) {
                return file + " exists and is not a folder";
            }
            if (e instanceof NoSuchFileException) {
                return file + ": no such file or folder";
            }
            if (e instanceof NotDirectoryException) {
                return file + ": not a folder";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
