package dev.vmodel.dsl.formatting2;

import java.util.List;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.internal.CommentReplacer;
import org.eclipse.xtext.formatting2.internal.HiddenRegionReplacer;
import org.eclipse.xtext.formatting2.internal.WhitespaceReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;

/**
 * Formats the whitespace and comments between two tokens as Xtext does, except for two layouts
 * that the zoo's specs use and Xtext would undo: a blank line after a line comment (between a
 * file's header comment and the first block's doc comment, say) is kept, and the spaces before a
 * comment at the end of a line are left as written, so that trailing comments stay aligned.
 */
final class BlankLinesAroundCommentsKept extends HiddenRegionReplacer {

    BlankLinesAroundCommentsKept(IHiddenRegion region, IHiddenRegionFormatting formatting) {
        super(region, formatting);
    }

    @Override
    protected void introduceNewlinesAroundMLComments(List<ITextReplacer> replacers) {
        super.introduceNewlinesAroundMLComments(replacers);
        for (int i = 0; i < replacers.size(); i++) {
            if (!(replacers.get(i) instanceof WhitespaceReplacer whitespace)) continue;
            String text = whitespace.getRegion().getText();
            ITextReplacer previous = i == 0 ? null : replacers.get(i - 1);
            ITextReplacer next = i + 1 < replacers.size() ? replacers.get(i + 1) : null;
            if (previous instanceof CommentReplacer comment
                    && comment.getRegion().getText().endsWith("\n")
                    && text.contains("\n")) {
                // A line comment ends with its line break: this one more makes the blank line.
                whitespace.getFormatting().setNewLinesMin(2);
                whitespace.getFormatting().setNewLinesMax(2);
            } else if (next instanceof CommentReplacer && !text.contains("\n")) {
                whitespace.getFormatting().setSpace(text);
            }
        }
    }
}
