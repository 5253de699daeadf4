package dev.vmodel.generator.pipeline;

import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.lower.JavaNames;
import dev.vmodel.generator.write.OutputWriter;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the files a target produced before anything is written, so that a name no file system
 * accepts, or two files one case-insensitive file system would merge, is a located error of
 * {@code validate} and not a failure halfway through writing. Each problem is located at the
 * model or block whose class the file holds.
 */
final class OutputNames {
    private OutputNames() {}

    static List<Diagnostic> check(List<GeneratedFile> files, List<Program> programs, String fallbackFile) {
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, GeneratedFile> folded = new HashMap<>();
        for (GeneratedFile f : files) {
            String path = f.path();
            if (path.isEmpty()
                    || path.startsWith("/")
                    || path.contains("\\")
                    || ("/" + path + "/").contains("/../")
                    || ("/" + path + "/").contains("/./")
                    || path.contains("//")) {
                problems.add(Diagnostic.error(
                        IssueCodes.GENERATION_FAILED,
                        "the generator produced the path '" + shorten(path)
                                + "', which is not inside the output directory; this is a vmodel bug, please report it",
                        locate(f, programs, fallbackFile)));
                continue;
            }
            for (String segment : path.split("/")) {
                int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > OutputWriter.MAX_NAME_BYTES) {
                    problems.add(Diagnostic.error(
                            IssueCodes.NAME_TOO_LONG,
                            "the generated file " + shorten(segment)
                                    + " has a name of " + bytes + " bytes; file systems allow "
                                    + OutputWriter.MAX_NAME_BYTES
                                    + ": shorten the names (or the nesting) it is made of",
                            locate(f, programs, fallbackFile)));
                }
            }
            String key = f.kind() + ":" + path.toLowerCase(Locale.ROOT);
            GeneratedFile other = folded.putIfAbsent(key, f);
            if (other != null) {
                problems.add(Diagnostic.error(
                        IssueCodes.CASE_CLASH,
                        "the generated files " + shorten(other.path()) + " and "
                                + shorten(path)
                                + " differ only in case: they would be one file on case-insensitive file systems"
                                + " (macOS, Windows); rename one of the names they are made of",
                        locate(f, programs, fallbackFile)));
            }
        }
        return problems;
    }

    /** A long name as a user can read it in one line: its start, an ellipsis, its end. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 40) + "…" + s.substring(s.length() - 20);
    }

    /**
     * The declaration a generated class comes from: the model or block whose class name is the
     * longest prefix of the file's name (nested classes such as repeat stages are named after their
     * owner).
     */
    static SourceLocation locate(GeneratedFile f, List<Program> programs, String fallbackFile) {
        String name = f.path().substring(f.path().lastIndexOf('/') + 1);
        SourceLocation best = null;
        int bestLength = -1;
        for (Program p : programs) {
            List<SpecFile> files = new ArrayList<>();
            files.add(p.root());
            files.addAll(p.imported());
            for (SpecFile file : files) {
                for (ModelDecl m : file.models()) {
                    String cls = JavaNames.classBase(m.name());
                    if (name.startsWith(cls) && cls.length() > bestLength) {
                        best = m.source();
                        bestLength = cls.length();
                    }
                }
                for (BlockDecl b : file.blocks()) {
                    String cls = JavaNames.classBase(b.name());
                    if (name.startsWith(cls) && cls.length() > bestLength) {
                        best = b.source();
                        bestLength = cls.length();
                    }
                }
            }
        }
        return best != null ? best : SourceLocation.unknown(fallbackFile);
    }
}
