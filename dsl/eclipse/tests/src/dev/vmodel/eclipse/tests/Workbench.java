package dev.vmodel.eclipse.tests;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;

/** What the UI tests do to the running workbench: wait while it works, open its trees, photograph it. */
final class Workbench {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Workbench() {}

    /**
     * Runs the UI event loop (the tests run on the UI thread) until {@code done} gives a
     * non-null value, and returns it; fails with {@code what} after {@link #TIMEOUT}.
     */
    static <T> T waitFor(String what, Supplier<T> done) {
        Display display = Display.getCurrent();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T value = done.get();
            if (value != null) return value;
            if (System.nanoTime() > deadline)
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }

    /** Lets the workbench process what is queued for {@code millis} (painting, layout). */
    static void settle(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        waitFor("the workbench to settle", () -> System.nanoTime() > deadline ? Boolean.TRUE : null);
    }

    /**
     * Expands the whole tree of a view built on a JFace tree viewer (the Problems view's "Errors"
     * and "Warnings"). The viewer is not API, so it is reached by its {@code getViewer()} method;
     * a view without one stays as it is (this only makes the screenshot say more).
     */
    static void expandAll(IViewPart view) {
        for (Class<?> type = view.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Method getViewer = type.getDeclaredMethod("getViewer");
                getViewer.setAccessible(true);
                if (getViewer.invoke(view) instanceof AbstractTreeViewer viewer) viewer.expandAll();
                return;
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
        }
    }

    /**
     * The text shown by a visible pop-up (a hover's information control: a shell other than
     * {@code main} with a styled text in it), or null when none is up.
     */
    static String popupText(Shell main) {
        for (Shell shell : main.getDisplay().getShells()) {
            if (shell == main || !shell.isVisible()) continue;
            String text = styledText(shell);
            if (text != null && !text.isBlank()) return text;
        }
        return null;
    }

    private static String styledText(Composite parent) {
        for (Control child : parent.getChildren()) {
            if (child instanceof StyledText text) return text.getText();
            if (child instanceof Composite composite) {
                String found = styledText(composite);
                if (found != null) return found;
            }
        }
        return null;
    }

    /** Saves what the screen shows of {@code shell} as a PNG. */
    static Path screenshot(Shell shell, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Display display = shell.getDisplay();
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {image.getImageData()};
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
        return file;
    }
}
