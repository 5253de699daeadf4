/**
 * Files of tensors: {@link dev.vmodel.runtime.train.io.SafeTensors}, the safetensors format that
 * weights and checkpoints are written in, so that PyTorch reads them as they are.
 */
package dev.vmodel.runtime.train.io;
