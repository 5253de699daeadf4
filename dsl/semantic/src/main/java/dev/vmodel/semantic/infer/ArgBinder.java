package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.DUPLICATE_ARGUMENT;
import static dev.vmodel.semantic.IssueCodes.MISSING_ARGUMENT;
import static dev.vmodel.semantic.IssueCodes.TOO_MANY_ARGUMENTS;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_ARGUMENT;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.eval.SpecError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches the arguments of a call to the callee's parameter names: positional ones in order,
 * then named ones. Shared by primitives and user blocks so both report the same way.
 */
final class ArgBinder {
    private ArgBinder() {}

    /** Binds a call of a primitive layer to its parameters. */
    static Map<String, Arg> bind(dev.vmodel.semantic.model.Primitive p, Stage.Call c) {
        List<String> names = p.params().stream()
                .map(dev.vmodel.semantic.model.Primitive.Param::name)
                .toList();
        Set<String> required = new java.util.HashSet<>();
        for (var param : p.params()) if (param.required()) required.add(param.name());
        return bind(p.dslName(), names, required, c.args(), c.source());
    }

    /** Binds a call of a user block to its params. */
    static Map<String, Arg> bind(dev.vmodel.semantic.decl.BlockDecl block, Stage.Call c) {
        List<String> names = block.params().stream()
                .map(dev.vmodel.semantic.decl.ParamDecl::name)
                .toList();
        Set<String> required = new java.util.HashSet<>();
        for (var param : block.params()) if (param.isRequired()) required.add(param.name());
        return bind("block " + block.name(), names, required, c.args(), c.source());
    }

    static Map<String, Arg> bind(
            String callee, List<String> params, Set<String> required, List<Arg> args, SourceLocation call) {
        Map<String, Arg> bound = new LinkedHashMap<>();
        int position = 0;
        for (Arg arg : args) {
            String name;
            if (arg.isNamed()) {
                name = arg.name();
                if (!params.contains(name)) {
                    throw new SpecError(
                            UNKNOWN_ARGUMENT,
                            callee + " has no argument '" + name + "'" + Suggest.didYouMean(name, params)
                                    + "; it takes " + describe(params),
                            arg.source());
                }
            } else {
                if (position >= params.size()) {
                    throw new SpecError(
                            TOO_MANY_ARGUMENTS,
                            callee + " takes at most " + params.size() + " argument" + (params.size() == 1 ? "" : "s")
                                    + " (" + describe(params) + ")",
                            arg.source());
                }
                name = params.get(position++);
            }
            if (bound.containsKey(name)) {
                throw new SpecError(
                        DUPLICATE_ARGUMENT, callee + ": argument '" + name + "' is given twice", arg.source());
            }
            bound.put(name, arg);
        }
        for (String r : params) {
            if (required.contains(r) && !bound.containsKey(r)) {
                throw new SpecError(
                        MISSING_ARGUMENT, callee + " needs argument '" + r + "' (" + describe(params) + ")", call);
            }
        }
        return bound;
    }

    private static String describe(List<String> params) {
        return params.isEmpty() ? "no arguments" : String.join(", ", params);
    }
}
