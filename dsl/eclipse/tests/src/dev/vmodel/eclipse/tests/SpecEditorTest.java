package dev.vmodel.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.eclipse.VModelHyperlinkDetector;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The vmodel editor in a real workbench, as a spec author uses it, the plugin coming from the
 * built update site: the zoo's gMLP spec (with the
 * file it imports) in a workspace project, opened by double-click's route ({@link IDE#openEditor}),
 * edited through the editor's document.
 */
class SpecEditorTest {
    static final String MARKER = "dev.vmodel.eclipse.problem";
    static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";
    /** The line the error goes into: a projection in gMLP's blocks, its width made unknown. */
    static final String GOOD = "-> linear(dim, init = xavierUniform, biasInit = normal(1e-6))";

    static final String BAD = "-> linear(hidden, init = xavierUniform, biasInit = normal(1e-6))";
    /** What {@code validate} says about it (dsl/ide's LanguageServerTest checks the same wording). */
    static final String MESSAGE = "unknown name 'hidden' (linear out must be an integer)";

    static IFile spec;
    static String original;

    ITextEditor editor;
    IDocument document;

    @BeforeAll
    static void zooProject() throws Exception {
        Path zoo = Path.of(System.getProperty("vmodel.zoo"));
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("zoo");
        if (!project.exists()) project.create(null);
        project.open(null);
        IFolder shared = project.getFolder("shared");
        if (!shared.exists()) shared.create(true, true, null);
        for (String name : List.of("gmlp.vmodel", "shared/mlp.vmodel", "shared/transformer.vmodel")) {
            Path source = zoo.resolve(name);
            if (!Files.exists(source)) continue;
            IFile file = project.getFile(name);
            byte[] bytes = Files.readAllBytes(source);
            if (file.exists()) file.setContents(new ByteArrayInputStream(bytes), true, false, null);
            else file.create(new ByteArrayInputStream(bytes), true, null);
        }
        spec = project.getFile("gmlp.vmodel");
        original = Files.readString(zoo.resolve("gmlp.vmodel"));
        assertTrue(original.contains(GOOD), "gmlp.vmodel no longer has the line this test edits: " + GOOD);
    }

    @BeforeEach
    void open() throws Exception {
        IWorkbenchPage page =
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        Shell shell = page.getWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1400, 900);
        IEditorPart part = IDE.openEditor(page, spec);
        assertEquals(GENERIC_EDITOR, part.getSite().getId(), ".vmodel files open in the Generic Editor");
        editor = part.getAdapter(ITextEditor.class);
        document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        Workbench.settle(200);
    }

    @AfterEach
    void close() {
        // Not editor.close(false): that closes later (asyncExec), after the next test has reopened it.
        if (editor != null) editor.getSite().getPage().closeEditor(editor, false);
        Workbench.settle(100);
    }

    @Test
    void showsTheCommandLinesErrorAsAMarkerWhileTypingAndClearsItWhenFixed() throws Exception {
        // The zoo spec is valid: once the server has it, no marker.
        Workbench.settle(500);
        assertEquals(List.of(), messages(), "markers on the unchanged zoo spec");

        int at = document.get().indexOf(GOOD);
        long typed = System.nanoTime();
        document.replace(at, GOOD.length(), BAD);
        int line = document.getLineOfOffset(at) + 1;
        int hidden = at + BAD.indexOf("hidden");

        IMarker marker = Workbench.waitFor("an error marker for the unknown name", () -> {
                    List<IMarker> errors = markers().stream()
                            .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR)
                            .toList();
                    return errors.isEmpty() ? null : errors;
                })
                .get(0);
        long shown = System.nanoTime();
        // validate's two findings: the error, and the block parameter the edit left unused.
        assertEquals(
                List.of("param 'dim' of block GMlpBlock is never used", MESSAGE),
                messages().stream().sorted().toList());
        assertEquals(MESSAGE, marker.getAttribute(IMarker.MESSAGE, ""));
        assertEquals(line, marker.getAttribute(IMarker.LINE_NUMBER, -1), "line of the marker");
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertEquals(hidden, marker.getAttribute(IMarker.CHAR_START, -1), "start of the marked range");
        assertEquals(hidden + "hidden".length(), marker.getAttribute(IMarker.CHAR_END, -1), "end of the marked range");
        assertEquals("vmodel.unknown-name", marker.getAttribute("code", ""));

        // The picture: the marker in the editor's ruler and text, the message in the Problems view.
        IWorkbenchPage page = editor.getSite().getPage();
        IViewPart problems = page.showView(IPageLayout.ID_PROBLEM_VIEW);
        Workbench.settle(500);
        Workbench.expandAll(problems);
        page.activate(editor);
        editor.selectAndReveal(hidden, 0);
        Workbench.settle(1500);
        Path png = Workbench.screenshot(
                editor.getSite().getShell(), Path.of(System.getProperty("vmodel.screenshots"), "editor.png"));
        assertTrue(Files.size(png) > 10_000, "screenshot " + png + " is " + Files.size(png) + " bytes");

        long fixed = System.nanoTime();
        document.replace(at, BAD.length(), GOOD);
        Workbench.waitFor("the marker to go after the fix", () -> markers().isEmpty() ? Boolean.TRUE : null);
        // For the record (the editor waits 250 ms after the last keystroke before it validates).
        System.out.printf(
                "vmodel editor: error marker %d ms after the edit, gone %d ms after the fix%n",
                (shown - typed) / 1_000_000, (System.nanoTime() - fixed) / 1_000_000);
    }

    @Test
    void runsThePluginPublishedByTheBuiltUpdateSite() throws Exception {
        Bundle plugin = Platform.getBundle("dev.vmodel.eclipse");
        assertNotNull(plugin, "the vmodel plugin is not in the workbench");
        Path published = Path.of(
                System.getProperty("vmodel.site"), "plugins", "dev.vmodel.eclipse_" + plugin.getVersion() + ".jar");
        assertTrue(Files.exists(published), "the update site has no " + published.getFileName());
        File running = FileLocator.getBundleFileLocation(plugin).orElseThrow();
        assertEquals(-1, Files.mismatch(running.toPath(), published), running + " differs from " + published);
    }

    @Test
    void marksASpecWrittenOnDiskWithoutAnEditor() throws Exception {
        IFile broken = spec.getProject().getFile("broken.vmodel");
        String text = """
                model Broken {
                  input image(3, 8, 8)
                  classes 10
                  tokens -> pool(mean) -> linear(hidden)
                }
                """;
        broken.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        try {
            IMarker marker = Workbench.waitFor("a marker on broken.vmodel", () -> {
                try {
                    IMarker[] found = broken.findMarkers(MARKER, true, IResource.DEPTH_ZERO);
                    return found.length == 0 ? null : found[0];
                } catch (CoreException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(MESSAGE, marker.getAttribute(IMarker.MESSAGE, ""));
            assertEquals(4, marker.getAttribute(IMarker.LINE_NUMBER, -1));
        } finally {
            broken.delete(true, null);
        }
    }

    @Test
    void completesLayerNamesAtTheCursor() throws Exception {
        String text = document.get();
        int lineEnd = text.indexOf('\n', text.indexOf("PatchEmbed(dim, patch)"));
        document.replace(lineEnd, 0, "\n  layerN");
        int cursor = lineEnd + "\n  layerN".length();
        editor.selectAndReveal(cursor, 0);

        editor.getAdapter(ITextOperationTarget.class).doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
        List<String> proposals = Workbench.waitFor("the content assist popup", () -> {
            List<String> shown = popupItems();
            return shown.isEmpty() || shown.get(0).startsWith("Computing proposals") ? null : shown;
        });
        assertTrue(proposals.stream().anyMatch(p -> p.startsWith("layerNorm")), proposals.toString());
    }

    @Test
    void coloursKeywordsCommentsAndNumbers() {
        StyledText text = editor.getAdapter(ITextViewer.class).getTextWidget();
        String content = document.get();
        assertEquals(new RGB(127, 0, 85), foreground(text, content.indexOf("model GMlp")), "keyword 'model'");
        assertEquals(new RGB(127, 0, 85), foreground(text, content.indexOf("param dim")), "keyword 'param'");
        assertEquals(new RGB(63, 127, 95), foreground(text, content.indexOf("/**")), "doc comment");
        assertEquals(new RGB(63, 127, 95), foreground(text, content.indexOf("// Published variants")), "line comment");
        assertEquals(
                new RGB(25, 110, 150),
                foreground(text, content.indexOf("30", content.indexOf("param depth"))),
                "number");
        StyleRange name = text.getStyleRangeAtOffset(content.indexOf("GMlp"));
        assertTrue(name == null || name.foreground == null, "the model's name is not coloured");
    }

    @Test
    void hoverShowsTheLayersShapeParamsAndMacs() throws Exception {
        StyledText text = editor.getAdapter(ITextViewer.class).getTextWidget();
        int at = document.get().indexOf("PatchEmbed(dim, patch)") + 2;
        editor.selectAndReveal(at, 0);
        Workbench.settle(300);
        // The mouse rests on "PatchEmbed", as a user's would.
        Point where = text.getLocationAtOffset(at);
        where.y += text.getLineHeight() / 2;
        text.getDisplay().setCursorLocation(text.toDisplay(where));
        for (int type : new int[] {SWT.MouseEnter, SWT.MouseMove, SWT.MouseHover}) {
            Event event = new Event();
            event.x = where.x;
            event.y = where.y;
            text.notifyListeners(type, event);
        }
        String hover = Workbench.waitFor("the hover over PatchEmbed", () -> Workbench.popupText(text.getShell()));
        assertTrue(hover.contains("PatchEmbed"), hover);
        assertTrue(hover.contains("MACs"), hover);
        Workbench.settle(300);
        Workbench.screenshot(
                editor.getSite().getShell(), Path.of(System.getProperty("vmodel.screenshots"), "hover.png"));
    }

    @Test
    void goesToTheDefinitionOfAnImportedBlock() throws Exception {
        // Ctrl+click reaches the detector through its registration for the Generic Editor.
        assertTrue(
                Arrays.stream(EditorsUI.getHyperlinkDetectorRegistry().getHyperlinkDetectorDescriptors())
                        .anyMatch(d -> d.getId().equals("dev.vmodel.eclipse.definition")
                                && d.getTargetId().equals(GENERIC_EDITOR)),
                "the vmodel hyperlink detector is not registered for the Generic Editor");
        ITextViewer viewer = editor.getAdapter(ITextViewer.class);
        int at = document.get().indexOf("PatchEmbed(dim, patch)") + 3;
        IHyperlink[] links = new VModelHyperlinkDetector().detectHyperlinks(viewer, new Region(at, 0), false);
        assertNotNull(links, "no definition for PatchEmbed");
        assertEquals(1, links.length);
        assertEquals(at - 3, links[0].getHyperlinkRegion().getOffset(), "the link covers the name");
        assertEquals("PatchEmbed".length(), links[0].getHyperlinkRegion().getLength());

        links[0].open();
        ITextEditor target = Workbench.waitFor("the editor of shared/mlp.vmodel", () -> {
            IEditorPart active = editor.getSite().getPage().getActiveEditor();
            IFile file = active == null ? null : active.getEditorInput().getAdapter(IFile.class);
            return file != null && file.getProjectRelativePath().toString().equals("shared/mlp.vmodel")
                    ? active.getAdapter(ITextEditor.class)
                    : null;
        });
        try {
            ITextSelection selected =
                    (ITextSelection) target.getSelectionProvider().getSelection();
            assertEquals("PatchEmbed", selected.getText());
            assertEquals(15, selected.getStartLine(), "PatchEmbed is defined on line 16 of shared/mlp.vmodel");
        } finally {
            target.getSite().getPage().closeEditor(target, false);
        }
    }

    @Test
    void outlineListsTheSpecsModelAndBlocks() throws Exception {
        IWorkbenchPage page = editor.getSite().getPage();
        ContentOutline outline = (ContentOutline) page.showView(IPageLayout.ID_OUTLINE);
        page.activate(editor);
        List<String> top = Workbench.waitFor("the outline of gmlp.vmodel", () -> {
            if (!(outline.getCurrentPage() instanceof IContentOutlinePage current)
                    || !(current.getControl() instanceof Tree tree)) return null;
            List<String> names =
                    Arrays.stream(tree.getItems()).map(TreeItem::getText).toList();
            return names.isEmpty() ? null : names;
        });
        assertTrue(top.contains("shared/mlp.vmodel : import"), top.toString());
        assertTrue(top.stream().anyMatch(n -> n.startsWith("GMlp")), top.toString());
        assertTrue(top.stream().anyMatch(n -> n.startsWith("GMlpBlock")), top.toString());
        assertTrue(top.stream().anyMatch(n -> n.startsWith("SpatialGatingUnit")), top.toString());
    }

    private static RGB foreground(StyledText text, int offset) {
        assertTrue(offset >= 0);
        StyleRange range = text.getStyleRangeAtOffset(offset);
        return range == null || range.foreground == null ? null : range.foreground.getRGB();
    }

    private static List<IMarker> markers() {
        try {
            return Arrays.asList(spec.findMarkers(MARKER, true, IResource.DEPTH_ZERO));
        } catch (CoreException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> messages() {
        List<String> messages = new ArrayList<>();
        for (IMarker marker : markers()) messages.add(marker.getAttribute(IMarker.MESSAGE, ""));
        return messages;
    }

    /** The rows of the visible content-assist popup (a shell with a table), if one is open. */
    private static List<String> popupItems() {
        List<String> items = new ArrayList<>();
        for (Shell shell : Display.getCurrent().getShells()) {
            if (!shell.isVisible()) continue;
            for (Control child : shell.getChildren())
                if (child instanceof Table table) for (TableItem item : table.getItems()) items.add(item.getText());
        }
        return items;
    }
}
