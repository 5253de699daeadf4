package dev.vmodel.generator.ir;

/**
 * A param of a generated class.
 *
 * @param byDefault its spec default (null when required), in the class's own scope
 * @param defaultText the default as the spec writes it, for documentation (null when required)
 */
public record ParamIr(
        String dslName, String javaName, ValueType type, ExprIr byDefault, String defaultText, String doc) {}
