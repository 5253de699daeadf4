package dev.vmodel.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder of real specs that import each other (the zoo with {@code shared/}, a plugin IT's
 * sources, a test resource folder): mutants are made from one of its files and checked with the
 * others beside it, so that imports still resolve.
 *
 * @param name the folder relative to the project root, e.g. {@code model-specs}
 * @param files every {@code .vmodel} file under it by relative path ({@code shared/mlp.vmodel}), sorted
 */
public record SeedTree(String name, Map<String, String> files) {

    /** The seed folders of the project: the zoo, the generator's test specs and the plugin ITs' specs. */
    public static List<SeedTree> fromProject(Path root) {
        List<Path> folders = new ArrayList<>();
        folders.add(root.resolve("model-specs"));
        folders.add(root.resolve("generator/src/test/resources/golden"));
        folders.add(root.resolve("generator/src/test/resources/new-architectures"));
        Path its = root.resolve("maven-plugin/src/it");
        if (Files.isDirectory(its)) {
            try (Stream<Path> s = Files.list(its)) {
                s.map(p -> p.resolve("src/main/vmodel"))
                        .filter(Files::isDirectory)
                        .sorted()
                        .forEach(folders::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<SeedTree> trees = new ArrayList<>();
        for (Path f : folders) {
            if (!Files.isDirectory(f)) continue;
            SeedTree t = of(root.relativize(f).toString(), f);
            if (!t.files().isEmpty()) trees.add(t);
        }
        if (trees.isEmpty()) throw new IllegalStateException("no seed specs under " + root.toAbsolutePath());
        return trees;
    }

    static SeedTree of(String name, Path folder) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p :
                    s.filter(p -> p.toString().endsWith(".vmodel")).sorted().toList()) {
                files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SeedTree(name, files);
    }
}
