package dev.vmodel.generator.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.vmodel.generator.Generator;
import dev.vmodel.generator.write.OutputWriter;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the last generation was made from and what it wrote: a content digest per spec (its own
 * text and everything it imports), the generator and options, and the output files relative to
 * their roots. Compared with the current specs it tells whether anything must be regenerated,
 * and why; its outputs are the files a later run may remove.
 */
final class GenerationState {
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** False while a run is writing: a run killed then is redone by the next one. */
    boolean finished = true;

    String generator = "";
    String packageName = "";
    Map<String, String> specs = new TreeMap<>();
    /** Sources, relative to the source root (the name earlier versions used). */
    TreeSet<String> outputs = new TreeSet<>();
    /** Resources, relative to the resource root. */
    TreeSet<String> resources = new TreeSet<>();
    /** The targets generated, {@code java,pytorch} (empty in records of earlier versions: Java). */
    String targets = "java";
    /** Python files, relative to the Python root. */
    TreeSet<String> python = new TreeSet<>();

    /** The recorded state, or null when there is none or it cannot be read (then everything is regenerated). */
    static GenerationState read(Path file) {
        try {
            if (!Files.isRegularFile(file)) return null;
            GenerationState s = GSON.fromJson(Files.readString(file), GenerationState.class);
            if (s == null || s.specs == null || s.outputs == null || s.generator == null || s.packageName == null)
                return null;
            if (s.resources == null) s.resources = new TreeSet<>();
            if (s.python == null) s.python = new TreeSet<>();
            if (s.targets == null) s.targets = "java";
            return s;
        } catch (IOException | JsonParseException e) {
            return null;
        }
    }

    /** Written like every output: whole or not at all. */
    void write(Path file) throws OutputWriter.WriteFailure {
        OutputWriter.write(List.of(new OutputWriter.Output(file, GSON.toJson(this) + "\n")), List.of());
    }

    /** SHA-256 of a spec's text and of every file it imports, in load order. */
    static String digest(Program program) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            add(sha, program.root());
            for (SpecFile f : program.imported()) add(sha, f);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(MessageDigest sha, SpecFile f) throws IOException {
        sha.update(f.path().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(Path.of(f.path())));
        sha.update((byte) 0);
    }

    /** Why the outputs must be regenerated, one line each; empty when they are up to date. */
    List<String> changesSince(GenerationState previous, Path sourceOutput, Path resourceOutput, Path pythonOutput) {
        List<String> reasons = new ArrayList<>();
        if (previous == null) {
            reasons.add("no record of an earlier generation, generating everything");
            return reasons;
        }
        if (!previous.finished) {
            reasons.add("the last generation did not finish, generating everything");
            return reasons;
        }
        if (!previous.generator.equals(generator)) reasons.add("the generator changed");
        if (!previous.packageName.equals(packageName)) reasons.add("package changed from " + previous.packageName);
        if (!previous.targets.equals(targets)) reasons.add("targets changed from " + previous.targets);
        for (String spec : new TreeSet<>(specs.keySet())) {
            String before = previous.specs.get(spec);
            if (before == null) reasons.add(spec + " is new");
            else if (!before.equals(specs.get(spec))) reasons.add(spec + " changed (or a file it imports)");
        }
        for (String spec : previous.specs.keySet()) {
            if (!specs.containsKey(spec)) reasons.add(spec + " was deleted");
        }
        for (String output : previous.outputs) {
            if (!Files.isRegularFile(sourceOutput.resolve(output))) {
                reasons.add(output + " is missing from " + sourceOutput);
                return reasons;
            }
        }
        for (String output : previous.resources) {
            if (!Files.isRegularFile(resourceOutput.resolve(output))) {
                reasons.add(output + " is missing from " + resourceOutput);
                return reasons;
            }
        }
        for (String output : previous.python) {
            if (!Files.isRegularFile(pythonOutput.resolve(output))) {
                reasons.add(output + " is missing from " + pythonOutput);
                return reasons;
            }
        }
        return reasons;
    }

    /** Files an earlier run wrote under {@code root} that this run does not; never outside {@code root}. */
    private static List<Path> stale(Path root, Set<String> before, Set<String> now) {
        List<Path> stale = new ArrayList<>();
        Path base = root.toAbsolutePath().normalize();
        for (String old : before) {
            if (now.contains(old)) continue;
            try {
                Path p = base.resolve(old).normalize();
                if (p.startsWith(base) && !p.equals(base)) stale.add(root.resolve(old));
            } catch (java.nio.file.InvalidPathException ignored) {
                // not a path we wrote
            }
        }
        return stale;
    }

    private static TreeSet<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> u = new TreeSet<>(a);
        if (b != null) u.addAll(b);
        return u;
    }

    /**
     * The record to keep while this run writes: not finished, and listing every file either run
     * may have written, so that a run killed halfway is redone and its files can be removed.
     */
    GenerationState inProgress(GenerationState previous) {
        GenerationState running = new GenerationState();
        running.finished = false;
        running.generator = generator;
        running.packageName = packageName;
        running.outputs = union(outputs, previous != null ? previous.outputs : null);
        running.resources = union(resources, previous != null ? previous.resources : null);
        running.targets = targets;
        running.python = union(python, previous != null ? previous.python : null);
        return running;
    }

    /** Files the previous run wrote that this one does not. */
    List<Path> staleSince(GenerationState previous, Path sourceOutput, Path resourceOutput, Path pythonOutput) {
        List<Path> stale = new ArrayList<>();
        if (previous != null) {
            stale.addAll(stale(sourceOutput, previous.outputs, outputs));
            stale.addAll(stale(resourceOutput, previous.resources, resources));
            stale.addAll(stale(pythonOutput, previous.python, python));
        }
        return stale;
    }

    /**
     * What identifies the generator: a digest of the jar it runs from (a rebuilt snapshot counts as
     * a change), or its version when it runs from class folders.
     */
    static String generatorVersion() {
        try {
            var source = Generator.class.getProtectionDomain().getCodeSource();
            Path jar = source != null ? Path.of(source.getLocation().toURI()) : null;
            if (jar != null && Files.isRegularFile(jar)) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return "sha256:" + HexFormat.of().formatHex(sha.digest());
            }
        } catch (Exception e) {
            // fall back to the version
        }
        String v = Generator.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
