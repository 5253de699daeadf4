package dev.vmodel.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.vmodel.generator.emit.ExprEmitter.Typed;
import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.generator.ir.ModelIr;
import dev.vmodel.generator.ir.ParamIr;
import dev.vmodel.generator.ir.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * What a model class has beyond a block: a {@code Config} record of its params, a
 * {@code Builder} that fills in the spec's defaults, one factory per variant
 * ({@code GMlp.ti16().build()}), the input shape and the class count.
 */
final class ModelEmitter {
    private ModelEmitter() {}

    static ClassName configType(ClassIr ir) {
        return JavaTypes.of(ir).nestedClass(ir.model().configName());
    }

    static ClassName builderType(ClassIr ir) {
        return JavaTypes.of(ir).nestedClass(ir.model().builderName());
    }

    static ClassName familyType(ClassIr ir) {
        return JavaTypes.of(ir).nestedClass(ir.model().familyName());
    }

    static void addModelParts(TypeSpec.Builder t, ClassIr ir, String twinModule) {
        ModelIr model = ir.model();
        ClassName config = configType(ir);
        ClassName builder = builderType(ir);
        t.addField(FieldSpec.builder(config, "config", Modifier.PRIVATE, Modifier.FINAL)
                .build());
        t.addField(FieldSpec.builder(Runtime.MODEL_FAMILY, "FAMILY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("This model's variants and params, and a way to build them from text.\n")
                .initializer("new $T()", familyType(ir))
                .build());
        List<String> variantNames =
                model.variants().stream().map(ModelIr.VariantIr::dslName).toList();
        t.addField(FieldSpec.builder(
                        ParameterizedTypeName.get(List.class, String.class),
                        "VARIANTS",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("The variants the spec declares, in order.\n")
                .initializer(
                        "$T.of($L)",
                        List.class,
                        CodeBlock.join(
                                variantNames.stream()
                                        .map(v -> CodeBlock.of("$S", v))
                                        .toList(),
                                ",$W"))
                .build());

        t.addMethod(MethodSpec.methodBuilder("builder")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builder)
                .addJavadoc("A builder with the spec's defaults; set params, then {@code build()}.\n")
                .addStatement("return new $T()", builder)
                .build());
        for (ModelIr.VariantIr v : model.variants()) t.addMethod(variantFactory(ir, v));
        t.addMethod(variantByName(ir));

        Map<String, Typed> fromConfig = new HashMap<>();
        for (ParamIr p : ir.params()) {
            fromConfig.put(p.dslName(), new Typed(CodeBlock.of("config.$L()", p.javaName()), p.type(), Typed.ATOM));
        }
        ExprEmitter.Scope configScope = ClassEmitter.scope(fromConfig);
        t.addMethod(MethodSpec.methodBuilder("config")
                .addModifiers(Modifier.PUBLIC)
                .returns(config)
                .addJavadoc("The params this model was built with.\n")
                .addStatement("return config")
                .build());
        CodeBlock.Builder dims = CodeBlock.builder().add("batch");
        for (ExprIr d : model.inputDims()) dims.add(", $L", ExprEmitter.as(ExprEmitter.emit(d, configScope), "long"));
        t.addMethod(MethodSpec.methodBuilder("family")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Runtime.MODEL_FAMILY)
                .addStatement("return FAMILY")
                .build());
        t.addMethod(paramsMap(ir));
        t.addMethod(MethodSpec.methodBuilder("inputShape")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Runtime.SHAPE)
                .addParameter(TypeName.LONG, "batch")
                .addJavadoc(
                        "The shape of a batch of inputs: {@code [batch, $L]}.\n",
                        model.inputKind().word().equals("image")
                                ? "C, H, W"
                                : model.inputKind().word().equals("tokens") ? "N, D" : "D")
                .addStatement("return new $T($L)", Runtime.SHAPE, dims.build())
                .build());
        t.addMethod(MethodSpec.methodBuilder("classes")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.LONG)
                .addJavadoc("The number of classes the model predicts.\n")
                .addStatement("return $L", ExprEmitter.as(ExprEmitter.emit(model.classes(), configScope), "long"))
                .build());
        t.addType(fitsARecord(ir) ? configRecord(ir) : configClass(ir));
        t.addType(builderClass(ir));
        t.addType(FamilyEmitter.family(ir, twinModule));
    }

    /** {@code params()}: the config by spec name, as the runtime contract wants it (boxed, initialisers as text). */
    private static MethodSpec paramsMap(ClassIr ir) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement(
                        "$T<$T, $T> params = new $T<>()",
                        Map.class,
                        String.class,
                        Object.class,
                        java.util.LinkedHashMap.class);
        for (ParamIr p : ir.params()) {
            if (p.type() == ValueType.INIT) {
                code.addStatement("params.put($S, $T.valueOf(config.$L()))", p.dslName(), String.class, p.javaName());
            } else {
                code.addStatement("params.put($S, config.$L())", p.dslName(), p.javaName());
            }
        }
        code.addStatement("return $T.unmodifiableMap(params)", java.util.Collections.class);
        return MethodSpec.methodBuilder("params")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, Object.class))
                .addCode(code.build())
                .build();
    }

    private static MethodSpec variantFactory(ClassIr ir, ModelIr.VariantIr v) {
        CodeBlock.Builder chain = CodeBlock.builder().add("new $T()", builderType(ir));
        for (ParamIr p : ir.params()) {
            ExprIr value = v.bindings().get(p.dslName());
            if (value == null) continue;
            chain.add("$Z.$L($L)", p.javaName(), ClassEmitter.convert(ExprEmitter.emit(value, name -> null), p.type()));
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(v.methodName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builderType(ir));
        if (v.doc() != null && !v.doc().isBlank()) m.addJavadoc("$L\n\n", Javadocs.doc(v.doc()));
        m.addJavadoc(
                "$L\n",
                Javadocs.wrap("Variant {@code " + Javadocs.escape(v.dslName()) + "}"
                        + (v.boundText().isEmpty() ? "" : ": " + Javadocs.escape(v.boundText())) + "."));
        return m.addStatement("return $L", chain.build()).build();
    }

    private static MethodSpec variantByName(ClassIr ir) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("variant")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builderType(ir))
                .addParameter(String.class, "name")
                .addJavadoc("The builder of the variant with this spec name, e.g. for a command line.\n\n"
                        + "@throws IllegalArgumentException for a name that is not in {@link #VARIANTS}\n");
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("switch (name)");
        for (ModelIr.VariantIr v : ir.model().variants()) {
            code.addStatement("case $S: return $L()", v.dslName(), v.methodName());
        }
        code.addStatement(
                "default: throw new $T($S + name +$W$S +$WVARIANTS)",
                IllegalArgumentException.class,
                "unknown variant '",
                "' of " + ir.dslName() + "; known: ");
        code.endControlFlow();
        return m.addCode(code.build()).build();
    }

    /**
     * Whether the record's canonical constructor fits the JVM's limit of 255 argument slots
     * ({@code this} is one, a long or double two); a model with more params gets a plain class.
     */
    static boolean fitsARecord(ClassIr ir) {
        int slots = 1;
        for (ParamIr p : ir.params()) slots += p.type() == ValueType.LONG || p.type() == ValueType.DOUBLE ? 2 : 1;
        return slots <= 255;
    }

    /** The config of a model with too many params for a record: fields only the builder sets. */
    private static TypeSpec configClass(ClassIr ir) {
        TypeSpec.Builder c = TypeSpec.classBuilder(configType(ir))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(
                        "The params of {@link $T}, one accessor per spec param (too many for a record's constructor).\n",
                        JavaTypes.of(ir));
        c.addMethod(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (ParamIr p : ir.params()) {
            c.addField(FieldSpec.builder(JavaTypes.of(p.type()), p.javaName(), Modifier.PRIVATE)
                    .build());
            c.addMethod(MethodSpec.methodBuilder(p.javaName())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(JavaTypes.of(p.type()))
                    .addJavadoc(
                            "Returns $L.\n",
                            p.doc() != null
                                    ? Javadocs.doc(p.doc())
                                    : "spec param {@code " + Javadocs.escape(p.dslName()) + "}")
                    .addStatement("return $L", p.javaName())
                    .build());
        }
        return c.build();
    }

    private static TypeSpec configRecord(ClassIr ir) {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The params of {@link $T}, one component per spec param.\n\n", JavaTypes.of(ir));
        for (ParamIr p : ir.params()) {
            components.addParameter(JavaTypes.of(p.type()), p.javaName());
            doc.add(
                    "@param $L $L\n",
                    p.javaName(),
                    p.doc() != null
                            ? Javadocs.doc(p.doc())
                            : "spec param {@code " + Javadocs.escape(p.dslName()) + "}");
        }
        return TypeSpec.recordBuilder(configType(ir))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .recordConstructor(components.build())
                .addJavadoc(doc.build())
                .build();
    }

    private static TypeSpec builderClass(ClassIr ir) {
        ClassName builder = builderType(ir);
        TypeSpec.Builder b = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Params of a {@link $T}; those left unset take the spec's defaults.\n", JavaTypes.of(ir));
        b.addMethod(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (ParamIr p : ir.params()) {
            b.addField(FieldSpec.builder(JavaTypes.boxed(p.type()), p.javaName(), Modifier.PRIVATE)
                    .build());
            b.addMethod(MethodSpec.methodBuilder(p.javaName())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(JavaTypes.of(p.type()), p.javaName())
                    .addJavadoc(
                            "Sets {@code $L}$L.\n",
                            Javadocs.escape(p.dslName()),
                            p.byDefault() == null ? " (required)" : "")
                    .addStatement("this.$L = $L", p.javaName(), p.javaName())
                    .addStatement("return this")
                    .build());
        }
        Map<String, ParamIr> byName = new HashMap<>();
        for (ParamIr p : ir.params()) byName.put(p.dslName(), p);
        Map<String, Typed> locals = new HashMap<>();
        CodeBlock.Builder code = CodeBlock.builder();
        for (String name : ir.model().defaultOrder()) {
            ParamIr p = byName.get(name);
            if (p.byDefault() == null) {
                code.beginControlFlow("if (this.$L == null)", p.javaName())
                        .addStatement(
                                "throw new $T($L)",
                                IllegalStateException.class,
                                Javadocs.literal(ir.dslName() + " needs param '" + p.dslName() + "': set it with "
                                        + p.javaName() + "(...) or start from a variant"))
                        .endControlFlow();
                code.addStatement("$T $L = this.$L", JavaTypes.of(p.type()), p.javaName(), p.javaName());
            } else {
                Typed d = ExprEmitter.emit(p.byDefault(), ClassEmitter.scope(locals));
                code.addStatement(
                        "$T $L = this.$L != null ? this.$L : $L",
                        JavaTypes.of(p.type()),
                        p.javaName(),
                        p.javaName(),
                        p.javaName(),
                        ClassEmitter.convert(d, p.type()));
            }
            locals.put(p.dslName(), new Typed(CodeBlock.of("$L", p.javaName()), p.type(), Typed.ATOM));
        }
        if (fitsARecord(ir)) {
            code.addStatement(
                    "return new $T($L)",
                    configType(ir),
                    String.join(
                            ", ", ir.params().stream().map(ParamIr::javaName).toList()));
        } else {
            code.addStatement("$T config = new $T()", configType(ir), configType(ir));
            for (ParamIr p : ir.params()) code.addStatement("config.$L = $L", p.javaName(), p.javaName());
            code.addStatement("return config");
        }
        b.addMethod(MethodSpec.methodBuilder("config")
                .addModifiers(Modifier.PUBLIC)
                .returns(configType(ir))
                .addJavadoc("The params, with the spec's defaults for those not set.\n")
                .addCode(code.build())
                .build());
        b.addMethod(MethodSpec.methodBuilder("build")
                .addModifiers(Modifier.PUBLIC)
                .returns(JavaTypes.of(ir))
                .addJavadoc("Builds the model; initialise it with {@code inputShape(batch)} before use.\n")
                .addStatement("return new $T(config())", JavaTypes.of(ir))
                .build());
        return b.build();
    }
}
