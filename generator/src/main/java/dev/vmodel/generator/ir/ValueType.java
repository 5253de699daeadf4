package dev.vmodel.generator.ir;

/** The type of a spec value (a param, an argument, an expression), decided once for every target. */
public enum ValueType {
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING,
    /** A weight initialiser; {@code default} stands for the framework's default (PyTorch's). */
    INIT,
    /** A bare name with no binding ({@code mean}, {@code xavierUniform}), meaningful only where it is used. */
    SYMBOL;

    /** The type of an expression combining both (long and double make a double). */
    public ValueType join(ValueType other) {
        if (this == other) return this;
        if ((this == LONG || this == DOUBLE) && (other == LONG || other == DOUBLE)) return DOUBLE;
        if ((this == SYMBOL || this == INIT) && (other == SYMBOL || other == INIT)) return INIT;
        if (this == SYMBOL && other == STRING || this == STRING && other == SYMBOL) return STRING;
        return DOUBLE;
    }
}
