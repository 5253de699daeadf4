package dev.vmodel.eclipse;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;

/** LSP positions (line, UTF-16 column) as offsets into the text the server received. */
final class LineOffsets {
    private final List<Integer> lineStarts = new ArrayList<>();
    private final int length;

    LineOffsets(String text) {
        length = text.length();
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts.add(i + 1);
    }

    /** The offset of {@code position}, clamped to the text. */
    int offsetOf(Position position) {
        int line = Math.min(Math.max(position.getLine(), 0), lineStarts.size() - 1);
        return Math.min(lineStarts.get(line) + Math.max(position.getCharacter(), 0), length);
    }
}
