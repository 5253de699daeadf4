package dev.vmodel.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.TestFiles;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.infer.ParamTypes;
import dev.vmodel.semantic.infer.ParamTypes.Type;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one static type of every param of the zoo, as a target language needs it. */
class ParamTypesTest {
    @Test
    void everyParamOfCctHasOneType() {
        Program p = TestFiles.load(Path.of("../../model-specs/cct.vmodel")).program();
        ParamTypes.Result r = ParamTypes.of(p);
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        Map<String, Type> t = r.types();
        assertEquals(Type.INTEGER, t.get("Cct.layers"));
        assertEquals(Type.INTEGER, t.get("Cct.imageSize"));
        assertEquals(Type.NUMBER, t.get("Cct.dropPathRate"));
        assertEquals(Type.INTEGER, t.get("ConvStage.kernel"));
        assertEquals(Type.INTEGER, t.get("ConvTokenizer.hidden"));
    }
}
