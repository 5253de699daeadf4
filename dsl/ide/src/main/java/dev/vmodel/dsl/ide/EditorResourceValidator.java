package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.load.BigStack;
import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.ProgramLoader;
import dev.vmodel.dsl.load.ResourceSetSource;
import dev.vmodel.dsl.load.SpecSource;
import dev.vmodel.dsl.vModel.Import;
import dev.vmodel.dsl.vModel.SpecFile;
import dev.vmodel.dsl.validation.VModelResourceValidator;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.infer.Analysis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LineAndColumn;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.Issue;

/**
 * The language's validation plus what an editor needs beyond one file's own problems, as
 * {@code vmodel validate} reports them: an error in a file this one imports (directly or through
 * other imports) is shown at the {@code import} line that leads to it, with the imported file's
 * place, message and code; and a file without any model or block, which Xtext never checks (it has
 * no root element), gets the command line's empty-file error at its start.
 */
public class EditorResourceValidator extends VModelResourceValidator {

    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator mon) {
        List<Issue> issues = new ArrayList<>(super.validate(resource, mode, mon));
        if (resource instanceof XtextResource xtext
                && mode.shouldCheck(CheckType.FAST)
                && xtext.getErrors().isEmpty()) {
            issues.addAll(BigStack.get("vmodel-editor-validation", () -> beyondThisFile(xtext)));
        }
        return issues;
    }

    private static List<Issue> beyondThisFile(XtextResource resource) {
        List<Issue> issues = new ArrayList<>();
        // Nothing beyond this file to report: skip a second load and analysis.
        if (!resource.getContents().isEmpty()
                && resource.getContents().get(0) instanceof SpecFile spec
                && spec.getImports().isEmpty()) return issues;
        ResourceSetSource source = new ResourceSetSource(resource);
        SpecSource.Ref root = source.rootRef();
        LoadResult loaded;
        List<Diagnostic> diagnostics = new ArrayList<>();
        try {
            loaded = ProgramLoader.load(source, root);
            diagnostics.addAll(loaded.diagnostics());
            if (loaded.program() != null && !loaded.hasErrors())
                diagnostics.addAll(Analysis.analyze(loaded.program()).diagnostics());
        } catch (RuntimeException e) {
            return issues; // the language's own validator reports internal errors
        }
        boolean noRoot = resource.getContents().isEmpty();
        SpecFile spec = noRoot ? null : (SpecFile) resource.getContents().get(0);
        for (Diagnostic d : diagnostics) {
            if (!d.isError() || d.location() == null) continue;
            boolean here = root.file().equals(d.location().file());
            if (here && noRoot && IssueCodes.EMPTY_FILE.equals(d.code())) {
                issues.add(issue(resource, d.message(), d.code(), 0, 0, 1, 1, 1, 1));
            } else if (!here && spec != null) {
                Import via = importLeadingTo(source, root, spec, d.location().file());
                INode node = via == null ? null : NodeModelUtils.findActualNodeFor(via);
                if (node == null) continue;
                LineAndColumn start = NodeModelUtils.getLineAndColumn(node, node.getOffset());
                LineAndColumn end = NodeModelUtils.getLineAndColumn(node, node.getEndOffset());
                String message = "error in imported file " + d.location() + ": " + d.message();
                Issue issue = issue(
                        resource,
                        message,
                        d.code(),
                        node.getOffset(),
                        node.getLength(),
                        start.getLine(),
                        start.getColumn(),
                        end.getLine(),
                        end.getColumn());
                ((Issue.IssueImpl) issue).setUriToProblem(EcoreUtil.getURI(via));
                issues.add(issue);
            }
        }
        return issues;
    }

    /** The first import of {@code spec} through which {@code file} is reached, if any. */
    private static Import importLeadingTo(ResourceSetSource source, SpecSource.Ref root, SpecFile spec, String file) {
        for (Import imp : spec.getImports()) {
            if (imp.getImportURI() == null) continue;
            try {
                if (reaches(source, source.resolve(root, imp.getImportURI()), file, new HashSet<>())) return imp;
            } catch (RuntimeException e) {
                // an unusable import path is reported at the import itself
            }
        }
        return null;
    }

    private static boolean reaches(ResourceSetSource source, SpecSource.Ref from, String file, Set<String> seen) {
        if (from.file().equals(file)) return true;
        if (!seen.add(from.key())) return false;
        if (!(source.open(from, false) instanceof SpecSource.Opened.Parsed parsed)) return false;
        if (parsed.resource().getContents().isEmpty()
                || !(parsed.resource().getContents().get(0) instanceof SpecFile imported)) return false;
        for (Import imp : imported.getImports()) {
            if (imp.getImportURI() == null) continue;
            try {
                if (reaches(source, source.resolve(from, imp.getImportURI()), file, seen)) return true;
            } catch (RuntimeException e) {
                // skip, as above
            }
        }
        return false;
    }

    private static Issue issue(
            XtextResource resource,
            String message,
            String code,
            int offset,
            int length,
            int line,
            int column,
            int lineEnd,
            int columnEnd) {
        Issue.IssueImpl issue = new Issue.IssueImpl();
        issue.setSeverity(Severity.ERROR);
        issue.setType(CheckType.FAST);
        issue.setMessage(message);
        issue.setCode(code);
        issue.setOffset(offset);
        issue.setLength(length);
        issue.setLineNumber(line);
        issue.setColumn(column);
        issue.setLineNumberEnd(lineEnd);
        issue.setColumnEnd(columnEnd);
        issue.setUriToProblem(resource.getURI());
        return issue;
    }
}
