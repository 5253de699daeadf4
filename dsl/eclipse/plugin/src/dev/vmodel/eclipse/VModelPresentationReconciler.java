package dev.vmodel.eclipse;

import java.util.Set;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.NumberRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/**
 * Syntax colouring of specs: the grammar's keywords ({@link GrammarKeywords}), comments
 * ({@code //} and {@code /* *}{@code /}, doc comments included), strings and numbers. Every
 * change repaints the whole document, so that opening or closing a block comment recolours what
 * follows it; specs are a few hundred lines at most.
 */
public final class VModelPresentationReconciler extends PresentationReconciler {
    static final Color KEYWORD = new Color(127, 0, 85);
    static final Color COMMENT = new Color(63, 127, 95);
    static final Color STRING = new Color(42, 0, 255);
    static final Color NUMBER = new Color(25, 110, 150);

    public VModelPresentationReconciler() {
        DefaultDamagerRepairer repairer = new DefaultDamagerRepairer(scanner(keywords()));
        setDamager(new WholeDocument(), IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(repairer, IDocument.DEFAULT_CONTENT_TYPE);
    }

    private static Set<String> keywords() {
        try {
            return GrammarKeywords.fromServerJar(SpecServer.serverJar());
        } catch (Exception e) {
            VModelPlugin.log()
                    .error("vmodel: no keyword colouring, the grammar could not be read: " + e.getMessage(), e);
            return Set.of();
        }
    }

    static RuleBasedScanner scanner(Set<String> keywords) {
        IToken keyword = new Token(new TextAttribute(KEYWORD, null, SWT.BOLD));
        IToken comment = new Token(new TextAttribute(COMMENT));
        IToken string = new Token(new TextAttribute(STRING));
        IToken number = new Token(new TextAttribute(NUMBER));
        // Other identifiers are one plain token, so that "xmodel" does not colour its "model".
        WordRule words = new WordRule(new Identifier(), new Token(null));
        for (String word : keywords) words.addWord(word, keyword);
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setRules(new IRule[] {
            new EndOfLineRule("//", comment),
            new MultiLineRule("/*", "*/", comment, (char) 0, true),
            new SingleLineRule("\"", "\"", string, '\\'),
            new SingleLineRule("'", "'", string, '\\'),
            words,
            new NumberRule(number),
        });
        return scanner;
    }

    private static final class Identifier implements IWordDetector {
        @Override
        public boolean isWordStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        @Override
        public boolean isWordPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }

    /** Any change damages the whole document (see the class comment). */
    private static final class WholeDocument implements IPresentationDamager {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public IRegion getDamageRegion(
                ITypedRegion partition, DocumentEvent event, boolean documentPartitioningChanged) {
            return new Region(0, document.getLength());
        }
    }
}
