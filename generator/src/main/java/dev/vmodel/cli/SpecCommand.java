package dev.vmodel.cli;

import java.nio.file.Path;
import java.util.List;

/** A command that works on spec files: a failure of vmodel itself is reported at the first of them. */
interface SpecCommand {
    List<Path> files();
}
