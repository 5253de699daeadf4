package dev.vmodel.dsl.load;

import com.google.inject.Injector;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;

/**
 * Reads spec files from the file system for {@link SpecLoader}: checks that each is readable,
 * UTF-8 text without NUL bytes, then parses it into a fresh resource set. Paths stay as the user
 * gave them ({@code model-specs/gmlp.vmodel}); imports resolve against the importing file's folder.
 */
final class FileSystemSource implements SpecSource {

    private final IResourceFactory resourceFactory;
    private final XtextResourceSet resourceSet;

    FileSystemSource(Injector injector) {
        this.resourceFactory = injector.getInstance(IResourceFactory.class);
        this.resourceSet = injector.getInstance(XtextResourceSet.class);
    }

    Ref root(Path file) {
        return ref(file);
    }

    @Override
    public Ref resolve(Ref from, String importPath) {
        try {
            Path parent = Paths.get(from.file()).getParent();
            Path target = (parent == null ? Paths.get(importPath) : parent.resolve(importPath)).normalize();
            return ref(target);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Ref ref(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String key;
        try {
            key = path.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            key = absolute.toString();
        }
        return new Ref(path.toString(), URI.createFileURI(absolute.toString()), key);
    }

    @Override
    public Opened open(Ref ref, boolean root) {
        Path path = Paths.get(ref.file());
        if (Files.isDirectory(path)) return new Opened.Missing("it is a directory");
        // A named pipe or a device would block or never end: read regular files only.
        if (Files.exists(path) && !Files.isRegularFile(path)) return new Opened.Missing("not a regular file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new Opened.Missing("no such file");
        } catch (AccessDeniedException e) {
            return new Opened.Missing("permission denied");
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Opened.Missing(why);
        }
        String text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return notText(ref, "not valid UTF-8");
        }
        if (text.indexOf('\0') >= 0) return notText(ref, "contains NUL bytes");
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        XtextResource resource = (XtextResource) resourceFactory.createResource(ref.uri());
        resourceSet.getResources().add(resource);
        try {
            resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            return new Opened.Missing(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new Opened.Parsed(resource, true);
    }

    private static Opened notText(Ref ref, String why) {
        return new Opened.Unusable(Diagnostic.error(
                IssueCodes.NOT_TEXT,
                "not a text file: " + ref.file() + " (" + why + ")",
                SourceLocation.unknown(ref.file())));
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
