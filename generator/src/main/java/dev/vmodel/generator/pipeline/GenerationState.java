package dev.vmodel.generator.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.vmodel.generator.write.OutputWriter;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the last generation was made from and what it wrote: a content digest per spec (its own
 * text and everything it imports), the generator and options, and the output files relative to
 * their roots. Compared with the current specs it tells whether anything must be regenerated,
 * and why; its outputs are the files a later run may remove.
 */
final class GenerationState {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** False while a run is writing: a run killed then is redone by the next one. */
    boolean finished = true;
    String generator = "";
    String packageName = "";
    Map<String, String> specs = new TreeMap<>();
    /** Sources, relative to the source root (the name earlier versions used). */
    TreeSet<String> outputs = new TreeSet<>();
    /** Resources, relative to the resource root. */
    TreeSet<String> resources = new TreeSet<>();

    /** The recorded state, or null when there is none or it cannot be read (then everything is regenerated). */
    static GenerationState read(Path file) {
        try {
            if (!Files.isRegularFile(file)) return null;
            GenerationState s = GSON.fromJson(Files.readString(file), GenerationState.class);
            if (s == null || s.specs == null || s.outputs == null || s.generator == null || s.packageName == null) return null;
            if (s.resources == null) s.resources = new TreeSet<>();
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
}
