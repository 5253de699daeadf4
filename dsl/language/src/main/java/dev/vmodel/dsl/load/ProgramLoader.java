package dev.vmodel.dsl.load;

import dev.vmodel.dsl.lower.AstLowering;
import dev.vmodel.dsl.lower.Locations;
import dev.vmodel.dsl.parser.VModelSyntaxErrorMessageProvider;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The one place that turns parsed files into a {@link Program}: follows imports from a root
 * (relative to the importing file, each file once, cycles reported), reports syntax errors and
 * lowers every file with {@link AstLowering}. {@link SpecLoader} (tools) and the validator
 * (editors) differ only in their {@link SpecSource}.
 *
 * <p>Not thread-safe; one instance per load. Run it on a {@link BigStack} thread.
 */
public final class ProgramLoader {

    /** Code of a diagnostic that reports a bug in the loader rather than in the spec. */
    public static final String INTERNAL_ERROR = "vmodel.internal-error";

    /** Syntax errors reported per file before the rest are summed up in one line. */
    public static final int MAX_SYNTAX_ERRORS = 50;

    private final SpecSource source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> loaded = new HashSet<>();
    /** The files being loaded, root first, each with the import it is following (null until then). */
    private final List<Step> chain = new ArrayList<>();

    private final List<SpecFile> imported = new ArrayList<>();

    private static final class Step {
        final SpecSource.Ref ref;
        SourceLocation following;

        Step(SpecSource.Ref ref) {
            this.ref = ref;
        }
    }

    private ProgramLoader(SpecSource source) {
        this.source = source;
    }

    public static LoadResult load(SpecSource source, SpecSource.Ref root) {
        return new ProgramLoader(source).run(root);
    }

    private LoadResult run(SpecSource.Ref root) {
        SpecSource.Opened opened;
        try {
            opened = source.open(root, true);
        } catch (Exception | StackOverflowError e) {
            diagnostics.add(internal(e, root.file(), SourceLocation.unknown(root.file())));
            return new LoadResult(null, diagnostics);
        }
        if (opened instanceof SpecSource.Opened.Missing m) {
            diagnostics.add(Diagnostic.error(
                    IssueCodes.FILE_NOT_FOUND,
                    "cannot read " + root.file() + ": " + m.reason(),
                    SourceLocation.unknown(root.file())));
            return new LoadResult(null, diagnostics);
        }
        if (opened instanceof SpecSource.Opened.Unusable u) {
            diagnostics.add(u.diagnostic());
            return new LoadResult(null, diagnostics);
        }
        loaded.add(root.key());
        SpecFile rootSpec = parsed(root, (SpecSource.Opened.Parsed) opened);
        return new LoadResult(rootSpec == null ? null : new Program(rootSpec, List.copyOf(imported)), diagnostics);
    }

    /** Lowers a parsed file, then loads its imports. Null when nothing of the file could be parsed. */
    private SpecFile parsed(SpecSource.Ref ref, SpecSource.Opened.Parsed parsed) {
        XtextResource resource = parsed.resource();
        dev.vmodel.dsl.vModel.SpecFile ast;
        SpecFile spec;
        try {
            if (parsed.reportSyntax()) diagnostics.addAll(syntaxDiagnostics(resource, ref.file()));
            boolean syntaxErrors = !resource.getErrors().isEmpty();
            EObject root = resource.getContents().isEmpty()
                    ? null
                    : resource.getContents().get(0);
            ast = root instanceof dev.vmodel.dsl.vModel.SpecFile s ? s : null;
            if (ast == null && syntaxErrors) return null;
            UnaryOperator<String> resolver = raw -> {
                try {
                    return source.resolve(ref, raw).file();
                } catch (RuntimeException e) {
                    return raw;
                }
            };
            AstLowering.Result lowered = AstLowering.lower(ast, ref.file(), resolver);
            diagnostics.addAll(lowered.diagnostics());
            spec = lowered.spec();
            if (!syntaxErrors && spec.models().isEmpty() && spec.blocks().isEmpty())
                diagnostics.add(Diagnostic.error(
                        IssueCodes.EMPTY_FILE, "no model or block in this file", SourceLocation.unknown(ref.file())));
        } catch (Exception | StackOverflowError e) {
            diagnostics.add(internal(e, ref.file(), SourceLocation.unknown(ref.file())));
            return null;
        }
        if (ast != null) {
            Step step = new Step(ref);
            chain.add(step);
            try {
                for (dev.vmodel.dsl.vModel.Import i : ast.getImports()) {
                    if (i.getImportURI() == null) continue;
                    step.following = Locations.ofElement(ref.file(), i);
                    importFile(ref, i, step.following);
                }
            } finally {
                chain.remove(chain.size() - 1);
            }
        }
        return spec;
    }

    private void importFile(SpecSource.Ref from, dev.vmodel.dsl.vModel.Import statement, SourceLocation at) {
        String raw = statement.getImportURI();
        SpecSource.Ref target;
        try {
            target = source.resolve(from, raw);
        } catch (RuntimeException e) {
            diagnostics.add(Diagnostic.error(
                    IssueCodes.IMPORT_NOT_FOUND, "cannot import \"" + raw + "\": not a valid path", at));
            return;
        }
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).ref.key().equals(target.key())) {
                // Reported once, at the import of the file where the cycle starts (the one nearest
                // the root), so the message reads from where it stands.
                StringBuilder cycle = new StringBuilder("import cycle: ");
                for (int j = i; j < chain.size(); j++)
                    cycle.append(chain.get(j).ref.file()).append(" -> ");
                cycle.append(target.file());
                diagnostics.add(Diagnostic.error(IssueCodes.IMPORT_CYCLE, cycle.toString(), chain.get(i).following));
                return;
            }
        }
        if (loaded.contains(target.key())) return;
        SpecSource.Opened opened;
        try {
            opened = source.open(target, false);
        } catch (Exception | StackOverflowError e) {
            loaded.add(target.key());
            diagnostics.add(internal(e, target.file(), at));
            return;
        }
        if (opened instanceof SpecSource.Opened.Missing m) {
            // The resolved path only when it says more than the import does: the usual file next
            // to the spec would repeat a long name twice on the line.
            String where = target.file().equals(raw) || target.file().endsWith("/" + raw) ? "" : target.file() + ": ";
            diagnostics.add(Diagnostic.error(
                    IssueCodes.IMPORT_NOT_FOUND, "cannot import \"" + raw + "\": " + where + m.reason(), at));
            return;
        }
        loaded.add(target.key());
        if (opened instanceof SpecSource.Opened.Unusable u) {
            diagnostics.add(u.diagnostic());
            return;
        }
        int index = imported.size();
        imported.add(null); // keeps load order: a file comes before the files it imports
        SpecFile spec = parsed(target, (SpecSource.Opened.Parsed) opened);
        if (spec == null) imported.remove(index);
        else imported.set(index, spec);
    }

    private static Diagnostic internal(Throwable e, String file, SourceLocation at) {
        if (e instanceof StackOverflowError)
            return Diagnostic.error(IssueCodes.NESTING_TOO_DEEP, AstLowering.NESTING_MESSAGE, at);
        return Diagnostic.error(INTERNAL_ERROR, "internal error while loading " + file + ": " + e, at);
    }

    /** The resource's syntax errors, at most {@link #MAX_SYNTAX_ERRORS} and then one summary line. */
    public static List<Diagnostic> syntaxDiagnostics(Resource resource, String file) {
        List<Diagnostic> out = new ArrayList<>();
        List<Resource.Diagnostic> errors = resource.getErrors();
        for (int i = 0; i < errors.size(); i++) {
            Resource.Diagnostic d = errors.get(i);
            SourceLocation at = location(resource, d, file);
            if (i == MAX_SYNTAX_ERRORS) {
                int more = errors.size() - MAX_SYNTAX_ERRORS;
                out.add(Diagnostic.error(
                        IssueCodes.SYNTAX, "..." + more + " more syntax error" + (more == 1 ? "" : "s"), at));
                break;
            }
            out.add(Diagnostic.error(IssueCodes.SYNTAX, VModelSyntaxErrorMessageProvider.clean(d.getMessage()), at));
        }
        return out;
    }

    private static SourceLocation location(Resource resource, Resource.Diagnostic d, String file) {
        if (d instanceof org.eclipse.xtext.diagnostics.Diagnostic xd
                && resource instanceof XtextResource xr
                && xr.getParseResult() != null) {
            INode root = xr.getParseResult().getRootNode();
            if (root != null && xd.getOffset() >= 0)
                return Locations.ofOffset(file, root, xd.getOffset(), xd.getLength());
        }
        int line = Math.max(1, d.getLine());
        int column = Math.max(1, d.getColumn());
        return new SourceLocation(file, line, column, 0, 0);
    }

    /**
     * The display path of a URI: its file-system path for file URIs, else the URI itself. An editor's
     * {@code file:///tmp/a.vmodel} has an empty authority, which EMF's {@code toFileString} keeps
     * ({@code ///tmp/a.vmodel}); the path alone is what {@code validate} shows for the same file.
     */
    public static String fileOf(URI uri) {
        if (!uri.isFile()) return uri.toString();
        if (uri.hasAuthority() && (uri.authority() == null || uri.authority().isEmpty()) && uri.path() != null)
            return URI.decode(uri.path());
        return uri.toFileString();
    }
}
