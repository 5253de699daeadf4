package dev.vmodel.eclipse;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Completion (Ctrl+Space): the language server's proposals at the cursor, which are the
 * primitives with their argument names, the blocks in scope, parameters, initialisers and
 * keywords. Each proposal replaces what the server says it replaces (the word being typed).
 */
public final class VModelContentAssist implements IContentAssistProcessor {
    private String error;

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        IDocument document = viewer.getDocument();
        IFile file = SpecFiles.fileOf(document);
        if (file == null) return new ICompletionProposal[0];
        try {
            error = null;
            List<ICompletionProposal> proposals = new ArrayList<>();
            for (CompletionItem item : SpecServer.get().completion(document, file, offset))
                proposals.add(proposal(document, offset, item));
            return proposals.toArray(ICompletionProposal[]::new);
        } catch (Exception e) {
            error = "vmodel: no completion: " + e.getMessage();
            VModelPlugin.log().warn(error);
            return new ICompletionProposal[0];
        }
    }

    static ICompletionProposal proposal(IDocument document, int offset, CompletionItem item) throws Exception {
        String insert = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
        int start = offset;
        int length = 0;
        if (item.getTextEdit() != null) {
            TextEdit edit = item.getTextEdit().isLeft() ? item.getTextEdit().getLeft() : null;
            Range range = edit != null
                    ? edit.getRange()
                    : item.getTextEdit().getRight().getReplace();
            insert = edit != null
                    ? edit.getNewText()
                    : item.getTextEdit().getRight().getNewText();
            start = document.getLineOffset(range.getStart().getLine())
                    + range.getStart().getCharacter();
            int end = document.getLineOffset(range.getEnd().getLine())
                    + range.getEnd().getCharacter();
            length = Math.max(0, Math.max(end, offset) - start);
        }
        String display = item.getDetail() == null || item.getDetail().isBlank()
                ? item.getLabel()
                : item.getLabel() + " - " + item.getDetail();
        String documentation = item.getDocumentation() == null
                ? null
                : item.getDocumentation().isLeft()
                        ? item.getDocumentation().getLeft()
                        : item.getDocumentation().getRight().getValue();
        return new CompletionProposal(insert, start, length, insert.length(), null, display, null, documentation);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return error;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
