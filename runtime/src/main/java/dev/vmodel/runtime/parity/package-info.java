/**
 * The DJL side of the parity check between a generated DJL model and its generated PyTorch twin:
 * {@link dev.vmodel.runtime.parity.ParityCli} initialises the DJL model, runs one input forward and
 * backward (recording every layer's output), writes weights, input, outputs and gradients to one
 * safetensors file, runs the twin's {@code vmodel_parity.py} on it, and prints the differences.
 */
package dev.vmodel.runtime.parity;
