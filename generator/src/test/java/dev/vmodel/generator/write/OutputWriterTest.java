package dev.vmodel.generator.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWriterTest {
    @TempDir
    Path dir;

    private static OutputWriter.Output out(Path target, String content) {
        return new OutputWriter.Output(target, content);
    }

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** They used to be 0600 whatever the umask: Files.createTempFile. */
    @Test
    void filesGetThePermissionsTheUmaskGivesAnyNewFile() throws IOException {
        Path target = dir.resolve("p/A.java");
        OutputWriter.write(List.of(out(target, "class A {}")), List.of());
        Path reference = Files.createFile(dir.resolve("p/reference"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    }

    @Test
    void unchangedFilesAreNotTouchedAndChangedOnesAreReplacedWhole() throws IOException {
        Path a = dir.resolve("A.java");
        Path b = dir.resolve("B.java");
        OutputWriter.write(List.of(out(a, "a1"), out(b, "b1")), List.of());
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(a, old);
        OutputWriter.Outcome o = OutputWriter.write(List.of(out(a, "a1"), out(b, "b2 longer")), List.of());
        assertEquals(List.of(b), o.written());
        assertEquals(List.of(a), o.unchanged());
        assertEquals(old, Files.getLastModifiedTime(a));
        assertEquals("b2 longer", Files.readString(b));
        assertEquals(List.of("A.java", "B.java"), names(dir));
    }

    @Test
    void temporaryFilesOfAKilledRunAreDeletedAndNothingElse() throws IOException {
        Path a = dir.resolve("A.java");
        Files.writeString(dir.resolve(".A.java.vmodel-tmp"), "half of a");
        Files.writeString(dir.resolve(".Gone.java.vmodel-tmp"), "half of a file no run produces now");
        Files.writeString(dir.resolve(".A.java1234567890.tmp"), "left by the writer before this one");
        Files.writeString(dir.resolve(".editorconfig"), "root = true");
        Files.writeString(dir.resolve(".Other.java123.tmp"), "not named after one of our files");
        OutputWriter.write(List.of(out(a, "a")), List.of());
        assertEquals(List.of(".Other.java123.tmp", ".editorconfig", "A.java"), names(dir));
    }

    @Test
    void staleFilesAreRemoved() throws IOException {
        Path a = dir.resolve("A.java");
        Path gone = dir.resolve("Gone.java");
        Files.writeString(gone, "old");
        OutputWriter.Outcome o =
                OutputWriter.write(List.of(out(a, "a")), List.of(gone, dir.resolve("NeverWritten.java")));
        assertEquals(List.of(gone), o.removed());
        assertEquals(List.of("A.java"), names(dir));
    }

    /** When one file cannot be written, none is: the staged ones are deleted, the old ones stay. */
    @Test
    void aFailureBeforeTheRenamesChangesNothing() throws IOException {
        Path a = dir.resolve("A.java");
        Files.writeString(a, "old a");
        Files.writeString(dir.resolve("blocked"), "a file where a folder must go");
        OutputWriter.WriteFailure f = assertThrows(
                OutputWriter.WriteFailure.class,
                () -> OutputWriter.write(List.of(out(a, "new a"), out(dir.resolve("blocked/B.java"), "b")), List.of()));
        assertEquals(
                "cannot write " + dir.resolve("blocked/B.java") + ": a file is in the way of its folder",
                f.getMessage());
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of("A.java", "blocked"), names(dir));
    }

    @Test
    void aTargetNameAtTheFileSystemLimitStillHasATemporaryFileThatFits() throws IOException {
        String name = "N".repeat(250) + ".java"; // 255 bytes: fits, but "." + name + ".vmodel-tmp" would not
        Path target = dir.resolve(name);
        Path temp = OutputWriter.temp(target);
        assertTrue(temp.getFileName().toString().startsWith(".vmodel-"), temp.toString());
        assertTrue(temp.getFileName().toString().length() <= OutputWriter.MAX_NAME_BYTES);
        OutputWriter.write(List.of(out(target, "class N {}")), List.of());
        assertEquals(List.of(name), names(dir));
    }

    /** The JDK names the temporary file in its exceptions; the user must see the target and a reason. */
    @Test
    void reasonsNeverNameTheTemporaryFile() {
        String temp = "/out/p/.A.java.vmodel-tmp";
        assertEquals("permission denied", OutputWriter.reason(new AccessDeniedException(temp)));
        assertEquals(
                "file name too long", OutputWriter.reason(new FileSystemException(temp, null, "File name too long")));
        assertEquals("No space left on device", OutputWriter.reason(new IOException("No space left on device")));
        assertFalse(OutputWriter.failure(Path.of("/out/p/A.java"), new AccessDeniedException(temp))
                .getMessage()
                .contains("tmp"));
    }
}
