package dev.vmodel.fuzz;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a user must never see from the command line: exception text, unlocated or malformed
 * problem lines, raw control or invisible characters, terminal-flooding lines. Each finding is a
 * failure class with the offending line as its detail.
 */
public final class OutputChecks {
    private OutputChecks() {}

    /**
     * The one form of a problem line. DOTALL so that an echoed separator (U+2028, CR) inside a
     * message counts as unsafe text, not as a line without a location.
     */
    public static final Pattern PROBLEM_LINE =
            Pattern.compile("^.+:\\d+:\\d+: (error|warning): .+ \\[vmodel\\.[a-z-]+\\]$", Pattern.DOTALL);

    /** Text that only a leaked exception or a bug of ours prints. */
    static final List<String> CRASH_MARKERS =
            List.of("Exception", "at dev.vmodel", "java.lang.", "internal error", "\tat ", "Caused by:", "Error:");

    /** Longest acceptable problem line: a path, a location and a message a terminal shows on a line or two. */
    public static final int MAX_LINE = 400;

    /**
     * Checks the output of {@code validate} (or the problem part of {@code summary}/{@code generate}):
     * every line that is not one of {@code allowed}'s must be a problem line.
     *
     * @param allowedPrefixes line prefixes that are normal output of the command ({@code wrote }), not problems
     */
    public static Map<FailureClass, String> check(Cli.Answer a, List<String> allowedPrefixes) {
        Map<FailureClass, String> found = new EnumMap<>(FailureClass.class);
        if (a.timedOut()) {
            // Stopping the run is what made it throw and print, so what it printed says nothing more.
            found.put(FailureClass.TIMEOUT, "no answer after " + a.millis() + " ms");
            return found;
        }
        if (a.escaped() != null) found.put(FailureClass.CRASH, "escaped: " + a.escaped());
        if (a.escaped() == null && a.rc() != 0 && a.rc() != 1) {
            found.putIfAbsent(FailureClass.CRASH, "exit code " + a.rc());
        }
        String text = a.text();
        for (String marker : CRASH_MARKERS) {
            int i = text.indexOf(marker);
            if (i >= 0) {
                found.putIfAbsent(FailureClass.CRASH, "prints '" + marker + "': " + lineAround(text, i));
                break;
            }
        }
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            if (allowedPrefixes.stream().anyMatch(line::startsWith)) continue;
            if (!PROBLEM_LINE.matcher(line).matches())
                found.putIfAbsent(FailureClass.UNLOCATED, Mutator.escape(clip(line)));
            int bad = unsafeChar(line);
            if (bad >= 0) {
                found.putIfAbsent(
                        FailureClass.UNSAFE_TEXT,
                        String.format("U+%04X in: %s", (int) line.charAt(bad), Mutator.escape(clip(line))));
            }
            if (line.length() > MAX_LINE)
                found.putIfAbsent(FailureClass.LONG_MESSAGE, line.length() + " chars: " + Mutator.escape(clip(line)));
        }
        return found;
    }

    /** Index of the first character a terminal would not show as itself, or -1. */
    public static int unsafeChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (c == '\r'
                    || type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED) {
                return i;
            }
            if (type == Character.SURROGATE) {
                // A pair is one visible character; a lone half is not.
                boolean paired =
                        Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) return i;
                i++;
            }
        }
        return -1;
    }

    private static String lineAround(String text, int i) {
        int start = text.lastIndexOf('\n', i) + 1;
        int end = text.indexOf('\n', i);
        return Mutator.escape(clip(text.substring(start, end < 0 ? text.length() : end)));
    }

    static String clip(String s) {
        return s.length() <= 240 ? s : s.substring(0, 236) + "...";
    }
}
