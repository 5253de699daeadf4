package dev.vmodel.maven;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the last generation was made from and what it wrote: a content digest per spec (its own
 * text and everything it imports), the options, and the output files. Compared with the current
 * specs it tells whether anything must be regenerated, and why.
 */
final class GenerationState {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    String generator = "";
    String packageName = "";
    Map<String, String> specs = new TreeMap<>();
    TreeSet<String> outputs = new TreeSet<>();

    static GenerationState read(Path file) {
        try {
            if (!Files.isRegularFile(file)) return null;
            GenerationState s = GSON.fromJson(Files.readString(file), GenerationState.class);
            return s == null || s.specs == null || s.outputs == null ? null : s;
        } catch (IOException | JsonParseException e) {
            return null; // unreadable state: regenerate everything
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "state", ".tmp");
        Files.writeString(temp, GSON.toJson(this), StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
