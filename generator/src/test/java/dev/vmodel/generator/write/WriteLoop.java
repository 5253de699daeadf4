package dev.vmodel.generator.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A child process for {@link KilledGenerateTest}: replaces the files under an output root with
 * the files of one expected tree, then of the other, and so on until it is killed, through the
 * writer a generate run uses. It says "writing" once it starts, so the parent kills it while it
 * writes, not while the JVM starts.
 */
public final class WriteLoop {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<List<OutputWriter.Output>> versions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path root = Path.of(args[i]);
            List<OutputWriter.Output> outputs = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    outputs.add(new OutputWriter.Output(
                            out.resolve(root.relativize(p).toString()), Files.readString(p)));
                }
            }
            versions.add(outputs);
        }
        System.out.println("writing");
        System.out.flush();
        for (int round = 0; ; round++) OutputWriter.write(versions.get(round % versions.size()), List.of());
    }
}
