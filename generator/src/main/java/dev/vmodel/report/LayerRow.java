package dev.vmodel.report;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.Shape;
import java.util.List;

/**
 * One row of a summary: a node of the elaborated model at some depth, with its label, output
 * shapes and cost. {@code leaf} rows are layers, splits and merges; the others are groups whose
 * cost is the sum of their rows.
 */
public record LayerRow(
        int depth, String path, String label, List<Shape> outputs, Cost cost, boolean leaf, SourceLocation source) {}
