package dev.vmodel.dsl.validation;

import static dev.vmodel.dsl.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import dev.vmodel.dsl.VModelStandaloneSetup;
import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.infer.Analysis;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor path: Xtext validation of a resource reports lowering, import and semantic diagnostics. */
class VModelValidatorTest {

    static Injector injector;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        injector = new VModelStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    private List<Issue> validate(Path file) {
        XtextResourceSet rs = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource)
                rs.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        return validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
    }

    private static final java.util.Set<String> OWN = java.util.Set.of(
            IssueCodes.SYNTAX,
            IssueCodes.NOT_TEXT,
            IssueCodes.EMPTY_FILE,
            IssueCodes.FILE_NOT_FOUND,
            IssueCodes.IMPORT_NOT_FOUND,
            IssueCodes.IMPORT_CYCLE,
            IssueCodes.NESTING_TOO_DEEP,
            IssueCodes.DUPLICATE_DECLARATION);

    /** The issues of this module's own codes (the semantic checks are tested in their module). */
    private List<Issue> validateOwn(Path file) {
        return validate(file).stream().filter(i -> OWN.contains(i.getCode())).toList();
    }

    private static String describe(List<Issue> issues) {
        return issues.stream().map(Issue::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void reportsWhatSpecLoaderAndAnalysisReportForThisFile() {
        write(dir, "blocks.vmodel", "block B { gelu }\nblock Unused { gelu }");
        Path a = write(dir, "a.vmodel", """
                import "blocks.vmodel"
                /** A model with semantic problems. */
                model M {
                  param unused = 3
                  input vector(3)
                  classes 2
                  B -> nope(1) -> linear(classes)
                }
                """);
        LoadResult loaded = SpecLoader.create().load(a);
        assertTrue(loaded.diagnostics().isEmpty());
        List<String> want = Analysis.analyze(loaded.program()).diagnostics().stream()
                .filter(d -> d.location().file().equals(a.toString()))
                .map(d -> d.severity().word() + " " + d.code() + " "
                        + d.location().offset() + " " + d.message())
                .sorted()
                .distinct()
                .toList();
        List<Issue> issues = validate(a);
        List<String> got = issues.stream()
                .map(i -> i.getSeverity().name().toLowerCase() + " " + i.getCode() + " " + i.getOffset() + " "
                        + i.getMessage())
                .sorted()
                .toList();
        assertEquals(want, got);
        assertTrue(!got.isEmpty(), "the semantic checks should find the unknown layer");
    }

    @Test
    void loaderErrorsStopTheSemanticChecks() {
        Path a = write(dir, "a.vmodel", "model M {\n  input vector(3)\n  input vector(4)\n  nope(1)\n}\n");
        List<Issue> issues = validate(a);
        assertEquals(
                List.of(IssueCodes.DUPLICATE_DECLARATION),
                issues.stream().map(Issue::getCode).toList(),
                describe(issues));
    }

    @Test
    void reportsLoweringAndImportDiagnosticsOfThisFileOnly() {
        // b has its own problem: it is reported when b is validated, not in a
        write(dir, "b.vmodel", "model B { input vector(1) input vector(2) }");
        String text = "import \"b.vmodel\"\nimport \"missing.vmodel\"\nmodel M {\n  classes 1\n  classes 2\n}\n";
        Path a = write(dir, "a.vmodel", text);
        List<Issue> issues = validateOwn(a);
        assertEquals(
                List.of(IssueCodes.IMPORT_NOT_FOUND, IssueCodes.DUPLICATE_DECLARATION),
                issues.stream().map(Issue::getCode).toList(),
                describe(issues));
        Issue missing = issues.get(0);
        assertEquals(Severity.ERROR, missing.getSeverity());
        assertEquals(2, missing.getLineNumber());
        assertEquals(text.indexOf("import \"missing"), missing.getOffset());
        Issue duplicate = issues.get(1);
        assertEquals(5, duplicate.getLineNumber());
        assertEquals(3, duplicate.getColumn());
        assertEquals(text.indexOf("classes 2"), duplicate.getOffset());
        assertEquals("classes 2".length(), duplicate.getLength());
    }

    @Test
    void syntaxErrorsAreNotRepeated() {
        Path a = write(dir, "a.vmodel", "model M {\n  conv( -> gelu\n}\n");
        List<Issue> issues = validate(a);
        assertTrue(!issues.isEmpty());
        assertTrue(issues.stream().allMatch(i -> IssueCodes.SYNTAX.equals(i.getCode())), describe(issues));
        long distinct = issues.stream()
                .map(i -> i.getOffset() + ":" + i.getMessage())
                .distinct()
                .count();
        assertEquals(issues.size(), distinct, describe(issues));
    }

    @Test
    void importCycleIsReportedInEachFileOfTheCycle() {
        Path a = write(dir, "a.vmodel", "import \"b.vmodel\"\nmodel M { }");
        Path b = write(dir, "b.vmodel", "// b\nimport \"a.vmodel\"\nblock B { gelu }");
        List<Issue> inA = validateOwn(a);
        assertEquals(
                List.of(IssueCodes.IMPORT_CYCLE),
                inA.stream().map(Issue::getCode).toList(),
                describe(inA));
        assertEquals(1, inA.get(0).getLineNumber());
        List<Issue> inB = validateOwn(b);
        assertEquals(
                List.of(IssueCodes.IMPORT_CYCLE),
                inB.stream().map(Issue::getCode).toList(),
                describe(inB));
        assertEquals(2, inB.get(0).getLineNumber());
    }

    @Test
    void deepNestingIsReportedWithoutOverflow() {
        int n = 10_000;
        Path a = write(dir, "deep.vmodel", "model M { param p = " + "(".repeat(n) + "1" + ")".repeat(n) + " }");
        List<Issue> issues = validateOwn(a);
        assertEquals(
                List.of(IssueCodes.NESTING_TOO_DEEP),
                issues.stream().map(Issue::getCode).toList(),
                describe(issues));
    }

    @Test
    void theEditorReportsTheNewChecksLikeTheCommandLine() {
        // b05-overridden-default-javac and an unused block's unknown layer: validate and editor alike
        Path a = write(dir, "editor.vmodel", """
                model M {
                  param dim = false
                  input vector(4)
                  classes 2
                  variant a(dim = 8)
                  linear(dim) -> fc: linear(classes)
                }
                block B { lienar(4) }
                """);
        List<Issue> issues = validate(a).stream()
                .filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
                .toList();
        assertEquals(
                List.of(IssueCodes.TYPE_MISMATCH + "@2", IssueCodes.UNKNOWN_NAME + "@8"),
                issues.stream().map(i -> i.getCode() + "@" + i.getLineNumber()).toList(),
                describe(issues));
    }
}
