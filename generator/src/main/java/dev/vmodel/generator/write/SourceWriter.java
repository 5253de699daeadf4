package dev.vmodel.generator.write;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place generated sources reach the disk. Every file is rendered before any is written,
 * each is written to a temporary file beside its target and moved over it atomically, and a file
 * whose content is unchanged is not touched (its timestamp stays, so builds stay incremental).
 */
public final class SourceWriter {
    private SourceWriter() {}

    /** What a run did to each file. */
    public record Result(List<Path> written, List<Path> unchanged) {}

    public static Result write(List<JavaFile> files, Path outDir) throws IOException {
        Map<Path, String> rendered = new LinkedHashMap<>();
        for (JavaFile f : files) {
            Path target = outDir;
            for (String part : f.packageName().split("\\.")) if (!part.isEmpty()) target = target.resolve(part);
            rendered.put(target.resolve(f.typeSpec().name() + ".java"), f.toString());
        }
        List<Path> written = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        for (Map.Entry<Path, String> e : rendered.entrySet()) {
            Path target = e.getKey();
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                unchanged.add(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            written.add(target);
        }
        return new Result(written, unchanged);
    }
}
