package dev.vmodel.generator.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place generated files reach the disk. A process killed at any moment (SIGKILL, power
 * loss after the rename) leaves each output either with its old or its new content, never
 * truncated:
 * <ol>
 *   <li>temporary files a killed run left behind ({@code .Name.java.vmodel-tmp}) are deleted;
 *   <li>every changed file is written to its temporary file beside the target and forced to disk;
 *       when any of them fails, all are deleted and no output has changed;
 *   <li>each temporary file is renamed over its target (atomic on one file system);
 *   <li>outputs of an earlier run that this run does not produce are removed.
 * </ol>
 * A file whose content is unchanged is not touched, so its timestamp stays and builds stay
 * incremental. Files are created with the process's umask (not {@code Files.createTempFile}'s 0600).
 */
public final class OutputWriter {
    private OutputWriter() {}

    /** Our temporary files: {@code .GMlp.java.vmodel-tmp}, or {@code .vmodel-<hash>.vmodel-tmp} for long names. */
    static final String TEMP_SUFFIX = ".vmodel-tmp";

    private static final Pattern OUR_TEMP = Pattern.compile("\\..*\\.vmodel-tmp");
    /** What earlier versions left: {@code Files.createTempFile(dir, ".Name.java", ".tmp")}. */
    private static final Pattern LEGACY_TEMP = Pattern.compile("\\.(.+?)\\d+\\.tmp");
    /** The longest file name (one path segment) ext4, APFS, XFS and NTFS all accept, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    /** A file to write: its absolute target and its content. */
    public record Output(Path target, String content) {}

    /** What a write did to each file. */
    public record Outcome(List<Path> written, List<Path> unchanged, List<Path> removed) {}

    /** An output that could not be written or removed; the message names the target, never a temporary file. */
    public static final class WriteFailure extends IOException {
        private final Path target;

        WriteFailure(Path target, String reason) {
            super("cannot write " + target + ": " + reason);
            this.target = target;
        }

        public Path target() {
            return target;
        }
    }

    /**
     * Writes {@code outputs} and removes {@code stale} files (outputs of an earlier run that this
     * run does not produce; the caller decides which, and that they are ours).
     */
    public static Outcome write(List<Output> outputs, Collection<Path> stale) throws WriteFailure {
        Set<Path> directories = new LinkedHashSet<>();
        for (Output o : outputs) directories.add(o.target().getParent());
        for (Path p : stale) directories.add(p.getParent());
        Set<String> names = new LinkedHashSet<>();
        for (Output o : outputs) names.add(o.target().getFileName().toString());
        for (Path p : stale) names.add(p.getFileName().toString());
        for (Path dir : directories) deleteLeftoverTemps(dir, names);

        Map<Output, byte[]> changed = new LinkedHashMap<>();
        List<Path> unchanged = new ArrayList<>();
        for (Output o : outputs) {
            byte[] bytes = o.content().getBytes(StandardCharsets.UTF_8);
            if (sameContent(o.target(), bytes)) unchanged.add(o.target());
            else changed.put(o, bytes);
        }

        // Phase 1: every new content on disk beside its target. Nothing visible has changed yet.
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<Output, byte[]> e : changed.entrySet()) {
                Path target = e.getKey().target();
                try {
                    Files.createDirectories(target.getParent());
                    Path temp = temp(target);
                    Files.deleteIfExists(temp);
                    temps.put(target, temp);
                    try (FileChannel ch =
                            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ByteBuffer buf = ByteBuffer.wrap(e.getValue());
                        while (buf.hasRemaining()) ch.write(buf);
                        ch.force(true);
                    }
                } catch (IOException io) {
                    throw failure(target, io);
                }
            }
        } catch (WriteFailure f) {
            deleteQuietly(temps.values());
            throw f;
        }

        // Phase 2: one atomic rename per file. A kill here leaves some files old and some new,
        // each whole, and temporary files the next run deletes.
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Path> e : temps.entrySet()) {
            try {
                move(e.getValue(), e.getKey());
                written.add(e.getKey());
            } catch (IOException io) {
                deleteQuietly(temps.values());
                throw failure(e.getKey(), io);
            }
        }
        for (Path target : written) directories.add(target.getParent());
        for (Path dir : directories) syncDirectory(dir);

        List<Path> removed = new ArrayList<>();
        for (Path p : stale) {
            try {
                if (Files.deleteIfExists(p)) removed.add(p);
            } catch (IOException io) {
                throw failure(p, io);
            }
        }
        return new Outcome(written, unchanged, removed);
    }

    /**
     * The temporary file for {@code target}: hidden, in the same directory (so the rename stays on
     * one file system), named after the target when that fits in a file name.
     */
    static Path temp(Path target) {
        String name = "." + target.getFileName() + TEMP_SUFFIX;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = ".vmodel-" + sha256(target.getFileName().toString()).substring(0, 16) + TEMP_SUFFIX;
        }
        return target.resolveSibling(name);
    }

    /** Deletes our temporary files in {@code dir}, and the legacy ones named after one of {@code names}. */
    private static void deleteLeftoverTemps(Path dir, Set<String> names) throws WriteFailure {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                var legacy = LEGACY_TEMP.matcher(n);
                boolean ours = OUR_TEMP.matcher(n).matches() || (legacy.matches() && names.contains(legacy.group(1)));
                if (ours && Files.isRegularFile(p)) Files.deleteIfExists(p);
            }
        } catch (IOException io) {
            throw failure(dir, io);
        }
    }

    private static boolean sameContent(Path target, byte[] bytes) {
        try {
            return Files.isRegularFile(target)
                    && Files.size(target) == bytes.length
                    && Arrays.equals(Files.readAllBytes(target), bytes);
        } catch (IOException unreadable) {
            return false; // rewrite it; a real problem shows when writing
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the renames durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // best effort
        }
    }

    private static void deleteQuietly(Collection<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the next run deletes it
            }
        }
    }

    /** A failure that names the target and the reason, not the temporary file the JDK reports. */
    static WriteFailure failure(Path target, IOException e) {
        return new WriteFailure(target, reason(e));
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "a path element is not a directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file is in the way of its folder";
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            String r = fs.getReason();
            return r.isEmpty() ? "input/output error" : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        // Plain IOExceptions (a full disk) carry the system's message and no path.
        return e.getMessage() != null && !e.getMessage().isBlank()
                ? e.getMessage()
                : e.getClass().getSimpleName();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
