package dev.vmodel.maven;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the runtime's {@code dev.vmodel.runtime.MklDispatch} to a forked JVM's environment: the
 * library that lets oneMKL pick its kernels by CPU features is added to {@code LD_PRELOAD}. The
 * class comes from the project's class path (the plugin does not depend on the runtime and its
 * engine), loaded on its own: it needs nothing but the JDK and its jar. A class path without it (a
 * runtime older than the class) leaves the environment as it is.
 */
final class ProjectMklDispatch {

    static final String CLASS = "dev.vmodel.runtime.MklDispatch";

    /** The runtime's {@code MklDispatch.SWITCH}: {@code off} in the environment turns it off. */
    static final String SWITCH = "VMODEL_MKL_DISPATCH";

    private ProjectMklDispatch() {}

    /**
     * @param classPath the forked JVM's class path
     * @param environment the forked JVM's environment, changed in place
     * @return the library preloaded, or empty when none is
     */
    static Optional<Path> configure(List<String> classPath, Map<String, String> environment) {
        List<URL> urls = new ArrayList<>();
        for (String element : classPath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                return Optional.empty();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            Object library = Class.forName(CLASS, true, loader)
                    .getMethod("configure", Map.class)
                    .invoke(null, environment);
            return ((Optional<?>) library).map(p -> (Path) p);
        } catch (ReflectiveOperationException | IOException e) {
            return Optional.empty();
        }
    }
}
