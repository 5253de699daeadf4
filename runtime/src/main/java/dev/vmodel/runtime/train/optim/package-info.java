/**
 * The parts of a training step around the model: {@link
 * dev.vmodel.runtime.train.optim.ParameterOptimizer} (AdamW, Adam and SGD as {@code torch.optim},
 * over named parameters, with a state of named arrays that a checkpoint saves and restores exactly),
 * {@link dev.vmodel.runtime.train.optim.WeightDecay} (which parameters are decayed), {@link
 * dev.vmodel.runtime.train.optim.LrSchedule} (learning rate per step), {@link
 * dev.vmodel.runtime.train.optim.GradientClipping} and {@link
 * dev.vmodel.runtime.train.optim.SoftTargetCrossEntropy}.
 */
package dev.vmodel.runtime.train.optim;
