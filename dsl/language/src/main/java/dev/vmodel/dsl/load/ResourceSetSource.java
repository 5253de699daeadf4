package dev.vmodel.dsl.load;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Gives {@link ProgramLoader} the files of an editor: the resource being validated, and its
 * imports loaded through the same resource set (so unsaved editor contents are used when the
 * resource set has them), resolved relative to the importing resource's URI.
 */
public final class ResourceSetSource implements SpecSource {

    private final XtextResource root;
    private final ResourceSet resourceSet;

    public ResourceSetSource(XtextResource root) {
        this.root = root;
        this.resourceSet = root.getResourceSet();
    }

    /** The ref of the resource being validated; its {@code file} is what its diagnostics carry. */
    public Ref rootRef() {
        return ref(root.getURI());
    }

    private static Ref ref(URI uri) {
        String key = uri.toString();
        if (uri.isFile()) {
            try {
                key = Paths.get(uri.toFileString()).toAbsolutePath().normalize().toString();
            } catch (InvalidPathException e) {
                // keep the URI as the key
            }
        }
        return new Ref(ProgramLoader.fileOf(uri), uri, key);
    }

    @Override
    public Ref resolve(Ref from, String importPath) {
        URI base = from.uri();
        if (base.isFile()) {
            try {
                Path parent = Paths.get(base.toFileString()).getParent();
                Path target = (parent == null ? Paths.get(importPath) : parent.resolve(importPath)).normalize();
                return new Ref(
                        target.toString(),
                        sameForm(base, URI.createFileURI(target.toAbsolutePath().toString())),
                        target.toAbsolutePath().normalize().toString());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        URI relative = URI.createURI(importPath, true);
        URI resolved = base.isHierarchical() && !base.isRelative() && relative.isRelative()
                ? relative.resolve(base)
                : relative;
        return ref(resolved);
    }

    /**
     * {@code file} written as {@code base} is: {@code file:///path} where the base has the empty
     * authority, as language servers write them. The resource set knows an editor's unsaved
     * contents by that URI; {@code file:/path}, the same file to the disk, is another resource to
     * the resource set, which would read the saved file instead.
     */
    private static URI sameForm(URI base, URI file) {
        return base.hasAuthority() && !file.hasAuthority() ? URI.createURI("file://" + file.path()) : file;
    }

    @Override
    public Opened open(Ref ref, boolean isRoot) {
        if (isRoot) return new Opened.Parsed(root, false);
        if (resourceSet == null) return new Opened.Missing("cannot load imports (no resource set)");
        Resource existing = resourceSet.getResource(ref.uri(), false);
        if (existing instanceof XtextResource x && x.isLoaded()) return new Opened.Parsed(x, true);
        if (ref.uri().isFile()) {
            Path p = Paths.get(ref.uri().toFileString());
            if (Files.isDirectory(p)) return new Opened.Missing("it is a directory");
            if (!Files.exists(p)) return new Opened.Missing("no such file");
            if (!Files.isRegularFile(p)) return new Opened.Missing("not a regular file"); // a pipe would block
            if (!Files.isReadable(p)) return new Opened.Missing("permission denied");
        } else if (!resourceSet.getURIConverter().exists(ref.uri(), null)) {
            return new Opened.Missing("no such file");
        }
        Resource loaded;
        try {
            loaded = resourceSet.getResource(ref.uri(), true);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Opened.Missing(
                    cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        if (loaded instanceof XtextResource x) return new Opened.Parsed(x, true);
        return new Opened.Missing("not a vmodel file");
    }
}
