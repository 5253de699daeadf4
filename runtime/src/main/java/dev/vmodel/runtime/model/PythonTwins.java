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
     * The twin's module of a model: its Java package, then {@link ModelFamily#twinModule()}.
     *
     * @param family the model's family
     * @return the dotted module name, e.g. {@code dev.vmodel.zoo.gmlp}
     */
    public static String module(ModelFamily family) {
        String name = family.twinModule();
        String pkg = family.getClass().getPackageName();
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    /**
     * The module the PyTorch target names after a spec file at the top of its folder: the file's
     * path without {@code .vmodel}, {@code /} and {@code -} made {@code _}, in lower case.
     *
     * @param source where the model is declared, {@code gmlp.vmodel:12}
     * @return the module name, e.g. {@code gmlp}
     */
    static String fileModule(String source) {
        int colon = source.lastIndexOf(':');
        String file = colon > 0 ? source.substring(0, colon) : source;
        if (file.endsWith(".vmodel")) {
            file = file.substring(0, file.length() - ".vmodel".length());
        }
        return file.replace('/', '_').replace('-', '_').toLowerCase(Locale.ROOT);
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
