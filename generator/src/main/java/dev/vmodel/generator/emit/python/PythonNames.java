package dev.vmodel.generator.emit.python;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Python names for the generated modules, the analogue of {@code lower.JavaNames}: any name a
 * spec (or the Java side's allocation) produced becomes a plain ASCII identifier that is no
 * keyword, no builtin and none of the names the generated code uses itself, by appending {@code _}.
 * Names are ASCII only because Python folds identifiers to NFKC, which could merge two names the
 * spec keeps apart; another character is written as {@code _uXXXX}.
 *
 * <p>An instance allocates names in one scope: each name it hands out is unique there.
 */
final class PythonNames {
    /** Keywords and soft keywords of Python 3.12. */
    static final Set<String> KEYWORDS = Set.of(
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "is",
            "lambda",
            "nonlocal",
            "not",
            "or",
            "pass",
            "raise",
            "return",
            "try",
            "while",
            "with",
            "yield",
            "match",
            "case",
            "type",
            "_");

    /** Builtins a reader (or the generated code) may need unshadowed. */
    static final Set<String> BUILTINS = Set.of(
            "abs",
            "all",
            "any",
            "ascii",
            "bin",
            "bool",
            "breakpoint",
            "bytearray",
            "bytes",
            "callable",
            "chr",
            "classmethod",
            "compile",
            "complex",
            "delattr",
            "dict",
            "dir",
            "divmod",
            "enumerate",
            "eval",
            "exec",
            "filter",
            "float",
            "format",
            "frozenset",
            "getattr",
            "globals",
            "hasattr",
            "hash",
            "help",
            "hex",
            "id",
            "input",
            "int",
            "isinstance",
            "issubclass",
            "iter",
            "len",
            "list",
            "locals",
            "map",
            "max",
            "memoryview",
            "min",
            "next",
            "object",
            "oct",
            "open",
            "ord",
            "pow",
            "print",
            "property",
            "range",
            "repr",
            "reversed",
            "round",
            "set",
            "setattr",
            "slice",
            "sorted",
            "staticmethod",
            "str",
            "sum",
            "super",
            "tuple",
            "vars",
            "zip",
            "Exception",
            "ValueError",
            "TypeError",
            "NotImplemented",
            "Ellipsis",
            "__import__");

    /** Names the generated modules use themselves, at module level or inside a method. */
    static final Set<String> GENERATED =
            Set.of("self", "cls", "torch", "nn", "vr", "math", "in_shape", "classes", "overrides", "name");

    /**
     * Attributes of {@code nn.Module} (torch 1.13 to 2.x) and of the generated classes: a child,
     * a variant or a stored value with one of these names would hide a method the user or torch
     * calls ({@code model.half()}, {@code model.train()}).
     */
    static final Set<String> MODULE_ATTRIBUTES = Set.of(
            "T_destination",
            "add_module",
            "apply",
            "bfloat16",
            "buffers",
            "call_super_init",
            "children",
            "compile",
            "cpu",
            "cuda",
            "double",
            "dump_patches",
            "eval",
            "extra_repr",
            "float",
            "forward",
            "get_buffer",
            "get_extra_state",
            "get_parameter",
            "get_submodule",
            "half",
            "ipu",
            "load_state_dict",
            "modules",
            "mtia",
            "named_buffers",
            "named_children",
            "named_modules",
            "named_parameters",
            "parameters",
            "register_backward_hook",
            "register_buffer",
            "register_forward_hook",
            "register_forward_pre_hook",
            "register_full_backward_hook",
            "register_full_backward_pre_hook",
            "register_load_state_dict_post_hook",
            "register_load_state_dict_pre_hook",
            "register_module",
            "register_parameter",
            "register_state_dict_post_hook",
            "register_state_dict_pre_hook",
            "requires_grad_",
            "set_extra_state",
            "set_submodule",
            "share_memory",
            "smart_apply",
            "state_dict",
            "to",
            "to_empty",
            "train",
            "training",
            "type",
            "xpu",
            "zero_grad",
            "out_shape",
            "input_shape",
            "num_classes",
            "spec_params",
            "VARIANTS",
            "PARAMS",
            "PARAM_TYPES",
            "RECIPE",
            "SPEC",
            "variant",
            "_in_shape",
            "_out_shape");

    private final Set<String> taken = new HashSet<>();

    /** A scope where {@code reserved} names are taken besides the keywords, builtins and generated names. */
    PythonNames(Set<String> reserved) {
        taken.addAll(reserved);
    }

    PythonNames() {
        this(Set.of());
    }

    /** Whether {@code name} can be used as written: an ASCII identifier, no keyword, builtin or generated name. */
    static boolean isPlain(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*")
                && !KEYWORDS.contains(name)
                && !BUILTINS.contains(name)
                && !GENERATED.contains(name)
                && !name.startsWith("__");
    }

    /** Whether a child may be an attribute {@code self.name}: plain, and hiding nothing of {@code nn.Module}. */
    static boolean isAttribute(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*")
                && !KEYWORDS.contains(name)
                && !MODULE_ATTRIBUTES.contains(name)
                && !name.startsWith("_");
    }

    /** {@code name} made a plain identifier (see the class comment), not yet unique. */
    static String base(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) b.append(c);
            else b.append(String.format(Locale.ROOT, "_u%04x", (int) c));
        }
        String s = b.length() == 0 ? "_" : b.toString();
        // A leading digit is no identifier; a leading "__" would be mangled inside a class body.
        if (Character.isDigit(s.charAt(0)) || s.startsWith("__")) s = "v" + s;
        while (!isPlain(s)) s = s + "_";
        return s;
    }

    /** A new unique name in this scope for {@code name}: {@link #base}, then {@code _} appended until unique. */
    String allocate(String name) {
        String s = base(name);
        while (!taken.add(s)) s = s + "_";
        return s;
    }

    /** Takes {@code name} as it is, for a name fixed by the contract; false when it was taken already. */
    boolean take(String name) {
        return taken.add(name);
    }
}
