package dev.vmodel.eclipse;

import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Hover over a layer, block or parameter: the language server's hover text (the layer's
 * signature, its inferred input and output shapes, parameters and MACs per variant), shown as
 * plain text.
 */
public final class VModelHover implements ITextHover {

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        IFile file = SpecFiles.fileOf(viewer.getDocument());
        if (file == null) return null;
        try {
            Hover hover = SpecServer.get().hover(viewer.getDocument(), file, region.getOffset());
            if (hover == null || hover.getContents() == null) return null;
            String text = plain(hover.getContents());
            return text.isBlank() ? null : text;
        } catch (Exception e) {
            VModelPlugin.log().warn("vmodel: no hover: " + e.getMessage());
            return null;
        }
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    static String plain(Either<List<Either<String, MarkedString>>, MarkupContent> contents) {
        StringBuilder text = new StringBuilder();
        if (contents.isRight()) {
            text.append(contents.getRight().getValue());
        } else {
            for (Either<String, MarkedString> part : contents.getLeft())
                text.append(part.isLeft() ? part.getLeft() : part.getRight().getValue())
                        .append('\n');
        }
        return withoutMarkdown(text.toString());
    }

    /** The server writes Markdown; the Generic Editor's hover shows plain text. */
    static String withoutMarkdown(String markdown) {
        return markdown.replaceAll("(?m)^```\\w*\\s*$\\n?", "")
                .replaceAll("(?m)^\\s*---\\s*$", "")
                .replace("**", "")
                .replace("`", "")
                .strip();
    }
}
