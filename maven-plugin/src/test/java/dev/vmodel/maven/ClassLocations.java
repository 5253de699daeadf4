package dev.vmodel.maven;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where a class was loaded from, as a class path lists it: a jar or a classes folder. */
final class ClassLocations {
    private ClassLocations() {}

    static String of(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
