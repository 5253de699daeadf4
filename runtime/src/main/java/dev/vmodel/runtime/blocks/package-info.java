/**
 * Primitive DJL blocks that DJL lacks or gets subtly different from the PyTorch references; the
 * generated blocks that combine them extend {@link dev.vmodel.runtime.flow.FlowBlock}.
 *
 * <p>Layouts, batch axis first: images {@code [B, C, H, W]}, tokens {@code [B, N, D]}, vectors
 * {@code [B, D]}. The "channel" axis is axis 1 of an image and the last axis of tokens and vectors
 * (see {@link dev.vmodel.runtime.blocks.Axis}). Every block is an {@link ai.djl.nn.AbstractBlock}
 * with a version byte, registers its children and parameters, returns from {@code getOutputShapes}
 * the shape its forward really produces, and saves/loads through the standard {@code
 * saveParameters}/{@code loadParameters}.
 *
 * <p>A block never puts Java data into the graph: no {@code mul(Number)}, {@code div(Number)},
 * {@code maximum(Number)} or {@code create(float[])} on a value the backward pass reads, but
 * {@link dev.vmodel.runtime.EngineArrays} (why is written there; {@code JavaMemoryInGraphsTest}
 * checks each block that takes a constant).
 */
package dev.vmodel.runtime.blocks;
