package dev.vmodel.eclipse;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * Turns the server's diagnostics for a file into problem markers on it, replacing the previous
 * ones: message as published (the command line's {@code validate} wording), line number, and the
 * character range. Markers are written by one job, off the thread that received them; when
 * diagnostics for a file arrive faster than the job runs, only the latest are written.
 */
final class DiagnosticMarkers {
    /** The marker attribute holding the diagnostic's code (e.g. {@code vmodel.unknown-name}). */
    static final String CODE = "code";

    private final Map<String, List<Diagnostic>> pending = new ConcurrentHashMap<>();
    private final Job writer = Job.create("Updating vmodel problem markers", this::writePending);

    DiagnosticMarkers() {
        writer.setSystem(true);
    }

    void publish(String uri, List<Diagnostic> diagnostics) {
        pending.put(uri, diagnostics);
        writer.schedule();
    }

    private IStatus writePending(IProgressMonitor monitor) {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        for (String uri : List.copyOf(pending.keySet())) {
            List<Diagnostic> diagnostics = pending.remove(uri);
            if (diagnostics == null) continue;
            IFile[] files = workspace.getRoot().findFilesForLocationURI(URI.create(uri));
            for (IFile file : files) {
                if (!file.exists()) continue;
                try {
                    workspace.run(m -> replaceMarkers(file, uri, diagnostics), null, IWorkspace.AVOID_UPDATE, monitor);
                } catch (CoreException e) {
                    VModelPlugin.log().log(e.getStatus());
                }
            }
        }
        return Status.OK_STATUS;
    }

    private static void replaceMarkers(IFile file, String uri, List<Diagnostic> diagnostics) throws CoreException {
        file.deleteMarkers(VModelPlugin.PROBLEM_MARKER, false, IResource.DEPTH_ZERO);
        SpecServer server = SpecServer.running();
        String text = server == null ? null : server.textOf(uri);
        LineOffsets lines = text == null ? null : new LineOffsets(text);
        for (Diagnostic d : diagnostics) {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(
                    IMarker.MESSAGE,
                    d.getMessage().isLeft()
                            ? d.getMessage().getLeft()
                            : d.getMessage().getRight().getValue());
            attributes.put(IMarker.SEVERITY, severity(d.getSeverity()));
            attributes.put(IMarker.LINE_NUMBER, d.getRange().getStart().getLine() + 1);
            attributes.put(IMarker.SOURCE_ID, "vmodel");
            if (d.getCode() != null)
                attributes.put(
                        CODE,
                        d.getCode().isLeft()
                                ? d.getCode().getLeft()
                                : String.valueOf(d.getCode().getRight()));
            if (lines != null) {
                int start = lines.offsetOf(d.getRange().getStart());
                int end = Math.max(start, lines.offsetOf(d.getRange().getEnd()));
                attributes.put(IMarker.CHAR_START, start);
                attributes.put(IMarker.CHAR_END, end == start ? Math.min(start + 1, text.length()) : end);
            }
            file.createMarker(VModelPlugin.PROBLEM_MARKER, attributes);
        }
    }

    private static int severity(DiagnosticSeverity severity) {
        if (severity == null) return IMarker.SEVERITY_ERROR;
        return switch (severity) {
            case Error -> IMarker.SEVERITY_ERROR;
            case Warning -> IMarker.SEVERITY_WARNING;
            case Information, Hint -> IMarker.SEVERITY_INFO;
        };
    }
}
