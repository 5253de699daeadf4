package dev.vmodel.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a generated model's PyTorch twin is and what runs it: the naming rule of the PyTorch target,
 * shared by every command that calls the twin ({@code vmodel parity}, {@code vmodel benchmark}).
 */
public final class PythonTwins {

    private PythonTwins() {}

    /**
     * The twin's module of a model: its Java package, then its spec file's path without {@code
     * .vmodel}, {@code /} and {@code -} made {@code _}, in lower case ({@code shared/mlp.vmodel}
     * becomes {@code shared_mlp}), as the PyTorch target names its modules.
     *
     * @param family the model's family
     * @return the dotted module name, e.g. {@code dev.vmodel.zoo.gmlp}
     */
    public static String module(ModelFamily family) {
        String source = family.source();
        int colon = source.lastIndexOf(':');
        String file = colon > 0 ? source.substring(0, colon) : source;
        if (file.endsWith(".vmodel")) {
            file = file.substring(0, file.length() - ".vmodel".length());
        }
        String name = file.replace('/', '_').replace('-', '_').toLowerCase(Locale.ROOT);
        String pkg = family.getClass().getPackageName();
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    /**
     * The Python to run: {@code $VMODEL_PYTHON}, else Debian's, else the first on the path.
     *
     * @return the command
     */
    public static String python() {
        String env = System.getenv("VMODEL_PYTHON");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
