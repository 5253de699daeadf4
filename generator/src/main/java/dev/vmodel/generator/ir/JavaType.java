package dev.vmodel.generator.ir;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

/** The Java type of a spec value: a param, an argument or an expression. */
public enum JavaType {
    LONG(TypeName.LONG),
    DOUBLE(TypeName.DOUBLE),
    BOOLEAN(TypeName.BOOLEAN),
    STRING(ClassName.get(String.class)),
    /** A weight initialiser; {@code null} stands for PyTorch's default. */
    INIT(ClassName.get("ai.djl.training.initializer", "Initializer")),
    /** A bare name with no binding ({@code mean}, {@code xavierUniform}), meaningful only where it is used. */
    SYMBOL(ClassName.get(String.class));

    private final TypeName type;

    JavaType(TypeName type) {
        this.type = type;
    }

    public TypeName typeName() {
        return type;
    }

    public TypeName boxed() {
        return type.isPrimitive() ? type.box() : type;
    }

    /** The type of an expression combining both (long and double make a double). */
    public JavaType join(JavaType other) {
        if (this == other) return this;
        if ((this == LONG || this == DOUBLE) && (other == LONG || other == DOUBLE)) return DOUBLE;
        if ((this == SYMBOL || this == INIT) && (other == SYMBOL || other == INIT)) return INIT;
        if (this == SYMBOL && other == STRING || this == STRING && other == SYMBOL) return STRING;
        return DOUBLE;
    }
}
