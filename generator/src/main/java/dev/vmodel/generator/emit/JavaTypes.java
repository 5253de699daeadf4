package dev.vmodel.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.ir.ValueType;

/** The Java types of the IR's value types and classes. */
final class JavaTypes {
    private JavaTypes() {}

    static TypeName of(ValueType t) {
        return switch (t) {
            case LONG -> TypeName.LONG;
            case DOUBLE -> TypeName.DOUBLE;
            case BOOLEAN -> TypeName.BOOLEAN;
            case STRING, SYMBOL -> ClassName.get(String.class);
            case INIT -> ClassName.get("ai.djl.training.initializer", "Initializer");
        };
    }

    static TypeName boxed(ValueType t) {
        TypeName type = of(t);
        return type.isPrimitive() ? type.box() : type;
    }

    /** The generated class of a model, block or repeat body. */
    static ClassName of(ClassIr c) {
        return ClassName.get(c.packageName(), c.name());
    }
}
