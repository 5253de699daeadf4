package dev.vmodel.generator.lower;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Allocates Java identifiers in one namespace (a package's classes, or a class's members and
 * locals): a spec name is kept when it is a valid, free Java name; a repeat becomes {@code name2},
 * {@code name3}; a Java keyword gets a trailing underscore ({@code class_}).
 */
public final class JavaNames {
    private final Set<String> taken = new HashSet<>();

    /** Marks names as used without allocating them (names the generated code itself declares). */
    public JavaNames reserve(String... names) {
        for (String n : names) taken.add(n);
        return this;
    }

    public String allocate(String suggestion) {
        String base = identifier(suggestion);
        String name = base;
        for (int i = 2; !taken.add(name); i++) name = base + i;
        return name;
    }

    static String identifier(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(i == 0 ? Character.isJavaIdentifierStart(c) ? c : '_' : Character.isJavaIdentifierPart(c) ? c : '_');
        }
        String id = b.length() == 0 ? "_value" : b.toString();
        return SourceVersion.isKeyword(id) || id.equals("_") ? id + "_" : id;
    }
}
