package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names, doc comments and file names from a spec cannot break or inject into the generated
 * Python: docstrings holding triple quotes, backslashes and braces; params named like keywords and
 * like the generated code's own names ({@code self}, {@code torch}, {@code in_shape}); children
 * and variants named like {@code nn.Module} methods ({@code train}, {@code half}, {@code forward},
 * {@code parameters}); a block named like a Python keyword. Python must parse the module into
 * exactly the imports and docstrings meant, and the model must build with the DJL child names.
 */
class PythonHostileNamesTest {
    static final Path SPEC = Path.of("src/test/resources/golden-python/hostile.vmodel");

    /** Parses the module with Python's own parser and prints what it declares. */
    static final String INSPECT = """
            import ast, sys
            tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    print("import", *[a.name for a in node.names])
                elif isinstance(node, ast.ImportFrom):
                    print("from", "." * node.level + (node.module or ""), *[a.name for a in node.names])
                elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "system":
                    print("CALL os.system")
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    print("class", node.name, repr(ast.get_docstring(node).splitlines()[0]))
            """;

    @Test
    void hostileNamesStayNamesAndDocsStayDocs(@TempDir Path dir) throws IOException {
        PythonCode.generate(dir, "evil", SPEC);
        Path module = dir.resolve("evil/hostile.py");
        PythonCode.Result r = PythonCode.run(dir, INSPECT, module.toString());
        assertEquals(0, r.exit(), r.out());
        // Only the imports every module has: the doc's "import os" is text in a docstring.
        assertEquals(
                List.of(
                        "import torch",
                        "from torch nn",
                        "from . vmodel_runtime",
                        "class Class2 \"A block named like a Python keyword, with values named like the generated"
                                + " code's own locals.\"",
                        "class None_ 'Evil docs: \"\"\" import os; os.system(\"boom\") \"\"\" and a backslash \\\\"
                                + " before a quote \\\\\" and at the end \\\\'"),
                r.out().strip().lines().toList());
        String text = Files.readString(module);
        assertTrue(text.contains("def __init__(self, *, self_=4, lambda_=2, torch_=3, in_shape_=1):"), text);
        assertTrue(text.contains("def half_(cls, **overrides):"), text);
    }

    @Test
    void hostileModelBuildsWithTheDjlChildNamesAndKeepsTheModuleMethods(@TempDir Path dir) throws IOException {
        PythonCode.generate(dir, "evil", SPEC);
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("evil/vmodel_runtime.py")), "no vmodel_runtime.py in this build yet");
        Assumptions.assumeTrue(PythonCode.hasTorch(), "the Python has no torch");
        String script = """
                import torch
                from evil.hostile import None_
                m = None_.variant("half", torch_=2)
                m.train()
                m.eval()
                print(sorted(m.state_dict()))
                print(tuple(m(torch.zeros((1,) + m.input_shape)).shape), m.training)
                print(sorted(None_.variant("train").spec_params.items()))
                """;
        PythonCode.Result r = PythonCode.run(dir, script);
        assertEquals(0, r.exit(), r.out());
        // conv 4 -> 4 channels of 2 x 2 tokens; the block splits 4 into 2 + 2 and maps 2 -> torch_ * in_shape_ = 2.
        assertEquals(
                List.of(
                        "['forward.bias', 'forward.weight', 'half.parameters.bias', 'half.parameters.weight',"
                                + " 'train.bias', 'train.weight']",
                        "(1, 2) False",
                        "[('in_shape_', 1), ('lambda_', 2), ('self_', 2), ('torch_', 3)]"),
                r.out().strip().lines().toList());
    }
}
