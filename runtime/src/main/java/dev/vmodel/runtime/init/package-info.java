/**
 * Initialisers that match the PyTorch reference implementations ({@code torch.nn.init}, timm, and
 * the default initialisation of {@code nn.Linear} / {@code nn.Conv2d}), and helpers to attach them
 * to parameters: {@link dev.vmodel.runtime.init.Inits}.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k...]}, {@code fan_in = in ×
 * prod(k)} and {@code fan_out = out × prod(k)}; DJL's {@code Linear} and {@code Conv2d} weights
 * have exactly these layouts ({@code [out, in]} and {@code [out, in/groups, kh, kw]}).
 */
package dev.vmodel.runtime.init;
