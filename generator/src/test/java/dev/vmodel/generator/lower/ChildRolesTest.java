package dev.vmodel.generator.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmodel.semantic.model.Primitive;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stable child names saved weights are keyed by. */
class ChildRolesTest {

    @Test
    void aRoleThatOccursOnceKeepsItsNameRepeatedRolesAreNumberedFromOne() {
        ChildRoles roles = new ChildRoles();
        roles.add(ChildRoles.of(Primitive.LAYER_NORM), null);
        roles.add(ChildRoles.of(Primitive.LINEAR), null);
        roles.add(ChildRoles.of(Primitive.GELU), null);
        roles.add(ChildRoles.of(Primitive.LINEAR), null);
        roles.add(ChildRoles.of(Primitive.ATTENTION), null);
        assertEquals(List.of("norm", "fc1", "gelu", "fc2", "attn"), roles.names());
    }

    /** A label ({@code proj: linear(dim)}) is the name; derived names step around it. */
    @Test
    void labelsAreKeptAndDerivedNamesAvoidThem() {
        ChildRoles roles = new ChildRoles();
        roles.add("fc", null);
        roles.add("fc", "fc1");
        roles.add("fc", null);
        roles.add("fc", "proj");
        assertEquals(List.of("fc2", "fc1", "fc3", "proj"), roles.names());
    }

    @Test
    void blockRolesAreSnakeCaseAndNeverStartWithADigit() {
        assertEquals("spatial_gating_unit", ChildRoles.ofBlock("SpatialGatingUnit"));
        assertEquals("mlp", ChildRoles.ofBlock("MLP"));
        assertEquals("transformer_encoder", ChildRoles.ofBlock("TransformerEncoder"));
        assertEquals("gmlp_block", ChildRoles.ofBlock("GMLPBlock"));
    }
}
