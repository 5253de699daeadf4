package dev.vmodel.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes mutants of the seed specs: token and line edits, hostile numbers and names, unicode,
 * truncation, deep nesting and bad imports. Mutant {@code i} of a run depends only on the run's
 * seed and {@code i}, so any failure is reproduced by its index alone.
 */
public final class Mutator {

    /** DSL tokens: comments, strings, identifiers, numbers, the arrow, any other character. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:[^\"\\\\\\n]|\\\\.)*\"|[A-Za-z_][A-Za-z_0-9]*|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|->|\\S");

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

    static final List<String> HOSTILE_NUMBERS = List.of(
            "0",
            "-1",
            "0.0",
            "-0",
            "1e309",
            "1e-400",
            "4.9e-325",
            "9223372036854775808",
            "9223372036854775807",
            "-9223372036854775808",
            "2147483648",
            "4294967296",
            "99999999999999999999999999",
            "1e18",
            "1e15",
            "3.4028236e38",
            "0.5",
            "1.5",
            "007",
            "1_000",
            "0x10",
            "NaN",
            "Infinity",
            "-Infinity",
            "1e",
            "1.",
            ".5",
            "1e+",
            "65536",
            "1000000000000");

    /** Names that clash with Java (keywords, Object's methods, generated members, locals) or are hostile as text. */
    static final List<String> HOSTILE_NAMES = List.of(
            "hashCode",
            "toString",
            "wait",
            "notify",
            "getClass",
            "equals",
            "clone",
            "finalize",
            "Builder",
            "Config",
            "VARIANTS",
            "FAMILY",
            "builder",
            "variant",
            "config",
            "build",
            "inputShape",
            "classes",
            "flow",
            "x",
            "f",
            "i",
            "layer",
            "manager",
            "class",
            "int",
            "default",
            "new",
            "record",
            "var",
            "yield",
            "_",
            "__",
            "String",
            "Object",
            "Shape",
            "Block",
            "List",
            "Math",
            "System",
            "java",
            "dev",
            "ai",
            "Long",
            "params",
            "family",
            "initialize",
            "forward",
            "a".repeat(300),
            "N" + "x".repeat(5000));

    /** Characters terminals and editors treat specially, each a possible raw echo in an error message. */
    static final List<String> HOSTILE_TEXT = List.of(
            "\u0000",
            "\u0007",
            "\u0008",
            "\u001b[31m",
            "\u001b]0;title\u0007",
            "\t",
            "\r",
            "\r\n",
            "\n",
            "\u000b",
            "\u000c",
            "\u0085",
            "\u007f",
            "\u2028",
            "\u2029",
            "\u202e",
            "\u202d",
            "\u2066",
            "\u200b",
            "\u200d",
            "\u200f",
            "\ufeff",
            "\u00ad",
            "\u0301",
            "e\u0301",
            "\ud83d\ude00",
            "\ud83d\udc68\u200d\ud83d\udc69",
            "\u00e9",
            "\u0131",
            "\uff10",
            "\u0661",
            "\u00a0",
            "\u3000",
            "\ufffd",
            "\"",
            "\\",
            "'",
            "$",
            "%n",
            "%s",
            "{",
            "}",
            "*/",
            "/*",
            "//",
            "\\u0000",
            "<script>",
            "${user.home}");

    /** Lines a spec author might write, valid or not in the spot they land. */
    static final List<String> SNIPPETS = List.of(
            "param x = 1",
            "param wait = 2",
            "param hashCode = 3",
            "variant hashCode(dim = 8)",
            "variant toString()",
            "variant big(dim = dim * 2)",
            "variant v(nope = 1)",
            "param p = 1 / 0",
            "param q = false",
            "param r = 1e309",
            "param s = \"text\"",
            "relu",
            "-> relu",
            "linear(0)",
            "linear(-1)",
            "linear(1e309)",
            "dropout(2)",
            "dropout(-0.5)",
            "attention(heads = 1000000000000)",
            "attention(heads = 0)",
            "conv(8, kernel = 0)",
            "conv(8, kernel = 1000000)",
            "maxPool(3, stride = 0)",
            "layerNorm(eps = 0)",
            "repeat 0 { relu }",
            "repeat -1 { relu }",
            "repeat 1000 { repeat 1000 { relu } }",
            "repeat 100000 { linear(4) }",
            "residual { }",
            "residual { linear(1) }",
            "split channels into u, v",
            "out u * v",
            "tokens",
            "pool(mean)",
            "pool(max)",
            "mix tokens { linear(tokens) }",
            "block Unused(a) { linear(a / 0) }",
            "block Unused2 { nope(1) }",
            "block Loop { Loop }",
            "model Net { input image(3, 8, 8) classes 2 relu }",
            "model Builder { input image(3, 8, 8) classes 2 tokens -> pool(mean) -> linear(classes) }",
            "input image(0, 0, 0)",
            "input image(3, 9223372036854775807, 1)",
            "classes 0",
            "classes -5",
            "train { lr = 1e309 }",
            "train { optimizer = nope }",
            "import \"missing.vmodel\"",
            "}",
            "{",
            ")",
            "(");

    /** Layers spliced into a chain ({@code a -> LAYER -> b}): valid often enough to reach generate, javac and DJL. */
    static final List<String> LAYERS = List.of(
            "batchNorm",
            "batchNorm(momentum = 0.5)",
            "groupNorm(1)",
            "groupNorm(2)",
            "layerNorm",
            "layerNorm(affine = false)",
            "relu",
            "gelu",
            "silu",
            "tanh",
            "sigmoid",
            "softmax",
            "identity",
            "dropout(0.1)",
            "dropPath(0.1)",
            "scale",
            "affine",
            "avgPool(3, stride = 1, padding = 1, countPadding = false)",
            "avgPool(2)",
            "maxPool(3, stride = 1, padding = 1)",
            "conv(channels, kernel = 3, padding = same, groups = channels)",
            "conv(8, kernel = 1, bias = false)",
            "linear(channels)",
            "linear(7, bias = false)",
            "linear(channels * 2)",
            "attention(heads = 1)",
            "attention(heads = 2, qkvBias = true)",
            "posEmbed",
            "classToken",
            "flatten",
            "tokens",
            "grid",
            "pool(mean)",
            "pool(max)",
            "residual { linear(channels) }",
            "residual { batchNorm -> relu }",
            "residual { layerNorm -> attention(heads = 1) }",
            "mix tokens { linear(tokens) }",
            "repeat 2 { relu }",
            "repeat 3 as k { dropPath(0.1 * k) }",
            "linear(channels, init = zeros, biasInit = ones)");

    private final List<SeedTree> seeds;
    private final long runSeed;
    private final List<String> vocabulary = new ArrayList<>();

    public Mutator(List<SeedTree> seeds, long runSeed) {
        this.seeds = List.copyOf(seeds);
        this.runSeed = runSeed;
        for (SeedTree t : seeds) {
            for (String text : t.files().values()) {
                Matcher m = TOKEN.matcher(text);
                while (m.find()) if (m.group().length() < 40) vocabulary.add(m.group());
            }
        }
    }

    /** Mutant number {@code index} of this run. */
    public Mutant mutant(int index) {
        Random r = new Random(runSeed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
        SeedTree tree = seeds.get(r.nextInt(seeds.size()));
        List<String> names = new ArrayList<>(tree.files().keySet());
        String entry = names.get(r.nextInt(names.size()));
        // Mostly the entry itself; sometimes a file it may import, so the error sits in an import.
        String target = r.nextInt(5) == 0 ? names.get(r.nextInt(names.size())) : entry;
        Map<String, String> texts = new LinkedHashMap<>(tree.files());
        List<String> done = new ArrayList<>();
        byte[] rawTarget = null;
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            String text = texts.get(target);
            int op = r.nextInt(19);
            String result = switch (op) {
                case 0 -> deleteToken(r, text, done);
                case 1 -> duplicateToken(r, text, done);
                case 2 -> swapTokens(r, text, true, done);
                case 3 -> swapTokens(r, text, false, done);
                case 4 -> replaceToken(r, text, done);
                case 5 -> deleteLine(r, text, done);
                case 6 -> duplicateLine(r, text, done);
                case 7 -> swapLines(r, text, done);
                case 8 -> hostileNumber(r, text, done);
                case 9 -> r.nextBoolean() ? hostileNumber(r, text, done) : numberToParam(r, text, done);
                case 10 -> hostileText(r, text, done);
                case 11 -> truncate(r, text, done);
                case 12 -> deepNesting(r, text, done);
                case 13 -> badImport(r, text, target, texts, done);
                case 14 -> hostileName(r, text, done);
                case 15 -> insertSnippet(r, text, done);
                case 17, 18 -> insertLayer(r, text, done);
                default -> {
                    if (r.nextInt(4) == 0) {
                        rawTarget = invalidUtf8(r, text, done);
                        yield text;
                    }
                    yield replaceToken(r, text, done);
                }
            };
            texts.put(target, result);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            files.put(
                    e.getKey(),
                    e.getKey().equals(target) && rawTarget != null
                            ? rawTarget
                            : e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        String what = escape((target.equals(entry) ? "" : "in " + target + ": ") + String.join("; ", done));
        return new Mutant(index, tree.name() + "/" + entry, entry, files, what);
    }

    private record Tok(int start, int end) {}

    private static List<Tok> tokens(String text) {
        List<Tok> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) out.add(new Tok(m.start(), m.end()));
        return out;
    }

    private static String replace(String text, Tok t, String with) {
        return text.substring(0, t.start()) + with + text.substring(t.end());
    }

    private static String deleteToken(Random r, String text, List<String> done) {
        List<Tok> ts = tokens(text);
        if (ts.isEmpty()) return text;
        Tok t = ts.get(r.nextInt(ts.size()));
        done.add("delete token '" + shortText(text.substring(t.start(), t.end())) + "' at " + t.start());
        return replace(text, t, "");
    }

    private static String duplicateToken(Random r, String text, List<String> done) {
        List<Tok> ts = tokens(text);
        if (ts.isEmpty()) return text;
        Tok t = ts.get(r.nextInt(ts.size()));
        String s = text.substring(t.start(), t.end());
        done.add("duplicate token '" + shortText(s) + "' at " + t.start());
        return replace(text, t, s + " " + s);
    }

    private static String swapTokens(Random r, String text, boolean adjacent, List<String> done) {
        List<Tok> ts = tokens(text);
        if (ts.size() < 2) return text;
        int i = r.nextInt(ts.size() - 1);
        int j = adjacent ? i + 1 : i + 1 + r.nextInt(ts.size() - i - 1);
        Tok a = ts.get(i), b = ts.get(j);
        String sa = text.substring(a.start(), a.end()), sb = text.substring(b.start(), b.end());
        done.add("swap '" + shortText(sa) + "' and '" + shortText(sb) + "'");
        return text.substring(0, a.start()) + sb + text.substring(a.end(), b.start()) + sa + text.substring(b.end());
    }

    private String replaceToken(Random r, String text, List<String> done) {
        List<Tok> ts = tokens(text);
        if (ts.isEmpty()) return text;
        Tok t = ts.get(r.nextInt(ts.size()));
        String with = vocabulary.get(r.nextInt(vocabulary.size()));
        done.add("replace '" + shortText(text.substring(t.start(), t.end())) + "' with '" + shortText(with) + "'");
        return replace(text, t, with);
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    private static String deleteLine(Random r, String text, List<String> done) {
        List<String> ls = lines(text);
        int i = r.nextInt(ls.size());
        done.add("delete line " + (i + 1));
        ls.remove(i);
        return String.join("\n", ls);
    }

    private static String duplicateLine(Random r, String text, List<String> done) {
        List<String> ls = lines(text);
        int i = r.nextInt(ls.size());
        int times = r.nextInt(8) == 0 ? 2 + r.nextInt(200) : 1;
        done.add("duplicate line " + (i + 1) + (times > 1 ? " x" + times : ""));
        for (int k = 0; k < times; k++) ls.add(i, ls.get(i));
        return String.join("\n", ls);
    }

    private static String swapLines(Random r, String text, List<String> done) {
        List<String> ls = lines(text);
        int i = r.nextInt(ls.size()), j = r.nextInt(ls.size());
        done.add("swap lines " + (i + 1) + " and " + (j + 1));
        String a = ls.get(i);
        ls.set(i, ls.get(j));
        ls.set(j, a);
        return String.join("\n", ls);
    }

    private static String hostileNumber(Random r, String text, List<String> done) {
        List<Tok> nums = new ArrayList<>();
        for (Tok t : tokens(text))
            if (NUMBER.matcher(text.substring(t.start(), t.end())).matches()) nums.add(t);
        if (nums.isEmpty()) return text;
        Tok t = nums.get(r.nextInt(nums.size()));
        String with = HOSTILE_NUMBERS.get(r.nextInt(HOSTILE_NUMBERS.size()));
        done.add("number '" + text.substring(t.start(), t.end()) + "' -> '" + with + "' at " + t.start());
        return replace(text, t, with);
    }

    /** A number (in a variant binding, a default, an argument) replaced by an expression over a param of the file. */
    private static String numberToParam(Random r, String text, List<String> done) {
        Matcher p = Pattern.compile("\\bparam\\s+([A-Za-z_]\\w*)").matcher(text);
        List<String> params = new ArrayList<>();
        while (p.find()) params.add(p.group(1));
        List<Tok> nums = new ArrayList<>();
        for (Tok t : tokens(text))
            if (NUMBER.matcher(text.substring(t.start(), t.end())).matches()) nums.add(t);
        if (params.isEmpty() || nums.isEmpty()) return text;
        Tok t = nums.get(r.nextInt(nums.size()));
        String param = params.get(r.nextInt(params.size()));
        String with = switch (r.nextInt(4)) {
            case 0 -> param;
            case 1 -> param + " * 2";
            case 2 -> "max(1, " + param + " / 2)";
            default -> "(" + param + " + " + text.substring(t.start(), t.end()) + ")";
        };
        done.add("number '" + text.substring(t.start(), t.end()) + "' -> '" + with + "' at " + t.start());
        return replace(text, t, with);
    }

    private static String hostileText(Random r, String text, List<String> done) {
        String with = HOSTILE_TEXT.get(r.nextInt(HOSTILE_TEXT.size()));
        if (r.nextInt(6) == 0) with = with.repeat(1 + r.nextInt(300));
        List<Tok> ts = tokens(text);
        int at;
        if (!ts.isEmpty() && r.nextBoolean()) {
            // Inside a token (an identifier, a string, a comment), where it is most likely echoed.
            Tok t = ts.get(r.nextInt(ts.size()));
            at = t.start() + r.nextInt(t.end() - t.start() + 1);
        } else {
            at = r.nextInt(text.length() + 1);
        }
        done.add("insert " + escape(shortText(with)) + " at " + at);
        return text.substring(0, at) + with + text.substring(at);
    }

    private static byte[] invalidUtf8(Random r, String text, List<String> done) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {
            {(byte) 0xff},
            {(byte) 0xc3, 0x28},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xfe, (byte) 0xff}
        };
        byte[] ins = bad[r.nextInt(bad.length)];
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        done.add("invalid UTF-8 at byte " + at);
        return out;
    }

    private static String truncate(Random r, String text, List<String> done) {
        int at = text.isEmpty() ? 0 : r.nextInt(text.length());
        done.add("truncate at " + at);
        return text.substring(0, at);
    }

    private static String deepNesting(Random r, String text, List<String> done) {
        List<String> ls = lines(text);
        // A line with a layer in it: a call, an arrow or a lone name inside a body.
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i).trim();
            if (l.startsWith("->")
                    || l.matches("[A-Za-z]\\w*(\\(.*\\))?( *->.*)?")
                            && !l.matches("(model|block|param|variant|input|classes|import|train)\\b.*")) {
                candidates.add(i);
            }
        }
        int kind = r.nextInt(5);
        if (kind == 4 || candidates.isEmpty()) {
            // Parentheses around a number, balanced or not.
            List<Tok> nums = new ArrayList<>();
            for (Tok t : tokens(text))
                if (NUMBER.matcher(text.substring(t.start(), t.end())).matches()) nums.add(t);
            if (nums.isEmpty()) return text;
            Tok t = nums.get(r.nextInt(nums.size()));
            int depth = pick(r, 10, 300, 5000, 100000);
            boolean balanced = r.nextBoolean();
            done.add((balanced ? "balanced" : "unbalanced") + " parentheses x" + depth + " at " + t.start());
            return text.substring(0, t.start())
                    + "(".repeat(depth)
                    + text.substring(t.start(), t.end())
                    + (balanced ? ")".repeat(depth) : "")
                    + text.substring(t.end());
        }
        int i = candidates.get(r.nextInt(candidates.size()));
        String line = ls.get(i).trim();
        if (line.startsWith("->")) line = line.substring(2).trim();
        String open;
        int depth;
        if (kind == 0) {
            long n = pick(r, 1, 2, 1000, 10000);
            depth = 1 + r.nextInt(3);
            open = "repeat " + n + " {";
        } else if (kind == 1) {
            depth = pick(r, 20, 60, 210, 3000);
            open = "repeat 1 {";
        } else if (kind == 2) {
            depth = pick(r, 5, 50, 210, 3000);
            open = "residual {";
        } else {
            depth = pick(r, 2, 20, 100);
            open = "repeat 2 as i" + " {";
        }
        done.add("nest line " + (i + 1) + " in " + depth + " x '" + open + "'");
        ls.set(i, open.repeat(depth) + " " + line + " " + "}".repeat(depth));
        return String.join("\n", ls);
    }

    private static int pick(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }

    private static String badImport(Random r, String text, String self, Map<String, String> texts, List<String> done) {
        String selfName = self.substring(self.lastIndexOf('/') + 1);
        String imp = switch (r.nextInt(9)) {
            case 0 -> "missing.vmodel";
            case 1 -> ".";
            case 2 -> "";
            case 3 -> "shared";
            case 4 -> selfName;
            case 5 -> "../" + selfName;
            case 6 -> "nope/../" + selfName;
            case 7 -> "x".repeat(300) + ".vmodel";
            default -> {
                // A cycle through a second file.
                String other = self.contains("/")
                        ? self.substring(0, self.lastIndexOf('/') + 1) + "cycle.vmodel"
                        : "cycle.vmodel";
                texts.put(other, "import \"" + selfName + "\"\nblock CycleBlock { relu }\n");
                yield "cycle.vmodel";
            }
        };
        done.add("import \"" + shortText(imp) + "\"");
        return "import \"" + imp + "\"\n" + text;
    }

    private static String hostileName(Random r, String text, List<String> done) {
        // The name after a declaration keyword, renamed everywhere it occurs.
        Matcher m = Pattern.compile("\\b(model|block|param|variant|as|into)\\s+([A-Za-z_]\\w*)")
                .matcher(text);
        List<String> names = new ArrayList<>();
        while (m.find()) names.add(m.group(2));
        if (names.isEmpty()) return text;
        String old = names.get(r.nextInt(names.size()));
        String with = HOSTILE_NAMES.get(r.nextInt(HOSTILE_NAMES.size()));
        done.add("rename '" + old + "' to '" + shortText(with) + "'");
        return Pattern.compile("\\b" + Pattern.quote(old) + "\\b")
                .matcher(text)
                .replaceAll(Matcher.quoteReplacement(with));
    }

    private static String insertSnippet(Random r, String text, List<String> done) {
        List<String> ls = lines(text);
        int i = r.nextInt(ls.size() + 1);
        String s = SNIPPETS.get(r.nextInt(SNIPPETS.size()));
        done.add("insert line " + (i + 1) + " '" + s + "'");
        ls.add(i, s);
        return String.join("\n", ls);
    }

    private static String insertLayer(Random r, String text, List<String> done) {
        List<Tok> arrows = new ArrayList<>();
        for (Tok t : tokens(text)) if (text.startsWith("->", t.start()) && t.end() - t.start() == 2) arrows.add(t);
        if (arrows.isEmpty()) return text;
        Tok t = arrows.get(r.nextInt(arrows.size()));
        String layer = LAYERS.get(r.nextInt(LAYERS.size()));
        done.add("splice '" + layer + "' at " + t.start());
        return replace(text, t, "-> " + layer + " ->");
    }

    static String shortText(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "...(" + s.length() + ")";
    }

    /** Java-style escapes for anything not printable ASCII, so descriptions are safe to print. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }
}
