package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/** One {@code .vmodel} file: its imports and the models and blocks it declares. */
public record SpecFile(String path, List<Import> imports, List<ModelDecl> models, List<BlockDecl> blocks) {
    /** {@code import "path"}, resolved relative to the importing file. */
    public record Import(String path, SourceLocation source) {}
}
