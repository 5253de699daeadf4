package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/** The {@code train { key = value ... }} recipe section, as written. */
public record TrainDecl(List<Arg> settings, SourceLocation source) {}
