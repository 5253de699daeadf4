/**
 * The DJL runtime that generated vmodel code depends on: engine setup ({@link
 * dev.vmodel.runtime.Engines}), parameter statistics ({@link dev.vmodel.runtime.ModelStats}), the
 * primitive blocks DJL lacks ({@link dev.vmodel.runtime.blocks}) and initialisers that match the
 * PyTorch reference implementations ({@link dev.vmodel.runtime.init}).
 *
 * <p>Tensor layouts, batch axis first: images {@code [B, C, H, W]}, tokens {@code [B, N, D]},
 * vectors {@code [B, D]}.
 */
package dev.vmodel.runtime;
