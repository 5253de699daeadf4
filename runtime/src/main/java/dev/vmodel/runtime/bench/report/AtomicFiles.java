package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.IoProblems;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a report file whole or not at all: into a temporary file in the same folder, then renamed
 * over the target, so that a reader (a browser showing the chart, a script polling the JSON) never
 * sees half a file and an earlier report stays intact when writing fails.
 */
final class AtomicFiles {
    /** Writes a file's content to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to write; its folder must exist
     * @param what what the file is, for the message ("benchmark JSON")
     * @param content writes the bytes
     * @throws IOException when it cannot be written; one line naming {@code target} and why
     */
    static void write(Path target, String what, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // A unique name, so that two writers of one folder never share a temporary file; not
            // Files.createTempFile, whose owner-only permissions the report would keep after the move.
            temp = folder.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW))) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so only an unusual file system gets here: replace as well as it can.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the " + what + " " + target + ": " + IoProblems.reason(e), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The failure being reported matters more than a leftover temporary file.
        }
    }
}
