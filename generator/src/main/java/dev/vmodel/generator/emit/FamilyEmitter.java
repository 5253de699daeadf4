package dev.vmodel.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.ir.ModelIr;
import dev.vmodel.generator.ir.ParamIr;
import dev.vmodel.generator.ir.ValueType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The {@code Family} class nested in every model: the runtime's {@code ModelFamily} for it, so
 * that tools list its variants and params and build it from text (a command line, a Maven
 * property) without reflection. {@link java.util.ServiceLoader} creates it through its public
 * no-argument constructor, which is why it is a class of its own and not a lambda or an
 * anonymous class.
 */
final class FamilyEmitter {
    private FamilyEmitter() {}

    static TypeSpec family(ClassIr ir, String twinModule) {
        ClassName family = ModelEmitter.familyType(ir);
        TypeSpec.Builder t = TypeSpec.classBuilder(family)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(Runtime.MODEL_FAMILY)
                .addJavadoc(
                        "The spec model {@code $L} as a family of variants, registered for {@link $T};\nuse {@link #FAMILY}.\n",
                        Javadocs.escape(ir.dslName()),
                        java.util.ServiceLoader.class);
        t.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(
                        "For {@link $T}, which needs a public no-argument constructor.\n",
                        java.util.ServiceLoader.class)
                .build());
        t.addMethod(getter("name", TypeName.get(String.class), CodeBlock.of("$S", ir.dslName())));
        t.addMethod(getter("source", TypeName.get(String.class), CodeBlock.of("$S", Javadocs.where(ir.source()))));
        t.addMethod(getter("twinModule", TypeName.get(String.class), CodeBlock.of("$S", twinModule)));
        t.addMethod(getter(
                "variants",
                ParameterizedTypeName.get(List.class, String.class),
                CodeBlock.of("$T.VARIANTS", JavaTypes.of(ir))));
        t.addMethod(params(ir));
        t.addMethod(build(ir));
        t.addMethod(getter("recipe", Runtime.TRAIN_RECIPE, CodeBlock.of("$T.recipe()", TrainingEmitter.type(ir))));
        if (!ir.model().variants().isEmpty()) t.addMethod(macs(ir));
        // ServiceLoader makes its own instance: every instance is the same family as FAMILY.
        t.addMethod(MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(Object.class, "other")
                .addStatement("return other instanceof $T", family)
                .build());
        t.addMethod(getter("hashCode", TypeName.INT, CodeBlock.of("$S.hashCode()", ir.dslName())));
        t.addMethod(getter("toString", TypeName.get(String.class), CodeBlock.of("$S", ir.dslName())));
        Set<ValueType> parsed = EnumSet.noneOf(ValueType.class);
        for (ParamIr p : ir.params()) parsed.add(p.type());
        if (parsed.contains(ValueType.LONG))
            t.addMethod(parser(ir, "parseLong", TypeName.LONG, "whole number (long)", "Long.parseLong"));
        if (parsed.contains(ValueType.DOUBLE))
            t.addMethod(parser(ir, "parseDouble", TypeName.DOUBLE, "number (double)", "Double.parseDouble"));
        if (parsed.contains(ValueType.BOOLEAN)) t.addMethod(parseBoolean(ir));
        return t.build();
    }

    private static MethodSpec getter(String name, TypeName type, CodeBlock value) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(type)
                .addStatement("return $L", value)
                .build();
    }

    private static MethodSpec params(ClassIr ir) {
        List<CodeBlock> infos = new ArrayList<>();
        for (ParamIr p : ir.params()) {
            infos.add(CodeBlock.of(
                    "new $T($S, $S,$W$L,$W$L)",
                    Runtime.PARAM_INFO,
                    p.dslName(),
                    typeWord(p.type()),
                    p.byDefault() == null ? "null" : CodeBlock.of("$S", p.defaultText()),
                    p.doc() == null ? "null" : Javadocs.literal(p.doc().strip())));
        }
        CodeBlock list = infos.isEmpty()
                ? CodeBlock.of("$T.of()", List.class)
                : CodeBlock.of("$T.of(\n$L)", List.class, CodeBlock.join(infos, ",\n"));
        return MethodSpec.methodBuilder("params")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), Runtime.PARAM_INFO))
                .addStatement("return $L", list)
                .build();
    }

    private static String typeWord(ValueType t) {
        return switch (t) {
            case LONG -> "long";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case STRING, SYMBOL -> "String";
            case INIT -> "init";
        };
    }

    /** Each override parsed into its param's type; a wrong name or value is a one-line message. */
    /** The static MACs of each declared variant, as the summary counts them: a benchmark's GFLOP/s. */
    private static MethodSpec macs(ClassIr ir) {
        CodeBlock.Builder cases =
                CodeBlock.builder().add("return switch (variant) {\n").indent();
        for (ModelIr.VariantIr v : ir.model().variants()) {
            cases.add("case $S -> $T.of($LL);\n", v.dslName(), OptionalLong.class, v.macs());
        }
        cases.add("default -> $T.empty();\n", OptionalLong.class).unindent().add("};\n");
        return MethodSpec.methodBuilder("macs")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(OptionalLong.class)
                .addParameter(String.class, "variant")
                .addCode(cases.build())
                .build();
    }

    private static MethodSpec build(ClassIr ir) {
        ClassName builder = ModelEmitter.builderType(ir);
        List<String> known = ir.params().stream().map(ParamIr::dslName).toList();
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement(
                        "$T builder = variant == null ? $T.builder() : $T.variant(variant)",
                        builder,
                        JavaTypes.of(ir),
                        JavaTypes.of(ir))
                .beginControlFlow(
                        "for ($T<$T, $T> o : overrides.entrySet())", Map.Entry.class, String.class, String.class)
                .addStatement("$T text = o.getValue()", String.class)
                .beginControlFlow("switch (o.getKey())");
        for (ParamIr p : ir.params()) {
            switch (p.type()) {
                case LONG ->
                    code.addStatement(
                            "case $S -> builder.$L(parseLong($S, text))", p.dslName(), p.javaName(), p.dslName());
                case DOUBLE ->
                    code.addStatement(
                            "case $S -> builder.$L(parseDouble($S, text))", p.dslName(), p.javaName(), p.dslName());
                case BOOLEAN ->
                    code.addStatement(
                            "case $S -> builder.$L(parseBoolean($S, text))", p.dslName(), p.javaName(), p.dslName());
                case STRING, SYMBOL -> code.addStatement("case $S -> builder.$L(text)", p.dslName(), p.javaName());
                case INIT ->
                    code.addStatement(
                            "case $S -> throw new $T($S)",
                            p.dslName(),
                            IllegalArgumentException.class,
                            "param '" + p.dslName() + "' of " + ir.dslName()
                                    + " is an initialiser; it cannot be set from text");
            }
        }
        code.addStatement(
                "default -> throw new $T($S + o.getKey() +$W$L)",
                IllegalArgumentException.class,
                "unknown param '",
                Javadocs.literal(
                        "' of " + ir.dslName() + "; known: " + (known.isEmpty() ? "none" : String.join(", ", known))));
        code.endControlFlow().endControlFlow();
        code.addStatement("return builder.build()");
        return MethodSpec.methodBuilder("build")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(JavaTypes.of(ir))
                .addParameter(String.class, "variant")
                .addParameter(ParameterizedTypeName.get(Map.class, String.class, String.class), "overrides")
                .addCode(code.build())
                .build();
    }

    private static MethodSpec parser(ClassIr ir, String name, TypeName type, String what, String parse) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(type)
                .addParameter(String.class, "param")
                .addParameter(String.class, "text")
                .beginControlFlow("try")
                .addStatement("return $L(text.strip())", parse)
                .nextControlFlow("catch ($T e)", NumberFormatException.class)
                .addStatement(
                        "throw new $T($S + param +$W$S +$Wtext +$W$S)",
                        IllegalArgumentException.class,
                        "param '",
                        "' of " + ir.dslName() + " takes a " + what + ", not '",
                        "'")
                .endControlFlow()
                .build();
    }

    private static MethodSpec parseBoolean(ClassIr ir) {
        return MethodSpec.methodBuilder("parseBoolean")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(String.class, "param")
                .addParameter(String.class, "text")
                .addCode("return switch (text.strip()) {\n$>")
                .addStatement("case $S -> true", "true")
                .addStatement("case $S -> false", "false")
                .addStatement(
                        "default -> throw new $T($S + param +$W$S +$Wtext +$W$S)",
                        IllegalArgumentException.class,
                        "param '",
                        "' of " + ir.dslName() + " takes true or false, not '",
                        "'")
                .addCode("$<};\n")
                .build();
    }
}
