/**
 * The DJL runtime that generated vmodel code depends on: engine setup ({@link
 * dev.vmodel.runtime.Engines}) and parameter statistics ({@link dev.vmodel.runtime.ModelStats}).
 * Its packages:
 *
 * <ul>
 *   <li>{@link dev.vmodel.runtime.blocks}: the primitive blocks DJL lacks or gets subtly different
 *       from the PyTorch references;
 *   <li>{@link dev.vmodel.runtime.flow}: the base of generated blocks (one dataflow for forward,
 *       shapes and initialisation) and the spec's rules their constructors apply ({@link
 *       dev.vmodel.runtime.flow.SpecChecks});
 *   <li>{@link dev.vmodel.runtime.init}: initialisers that match the PyTorch references;
 *   <li>{@link dev.vmodel.runtime.model}: the contract every generated model implements, its
 *       families found by spec name, and stable parameter names;
 *   <li>{@link dev.vmodel.runtime.train}: tools that drive generated models through that contract
 *       (training steps, throughput); nothing generated depends on them.
 * </ul>
 *
 * <p>Tensor layouts, batch axis first: images {@code [B, C, H, W]}, tokens {@code [B, N, D]},
 * vectors {@code [B, D]}.
 */
package dev.vmodel.runtime;
