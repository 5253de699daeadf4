/**
 * What generated blocks are made of: {@link dev.vmodel.runtime.flow.FlowBlock}, whose one dataflow
 * method ({@link dev.vmodel.runtime.flow.Flow}) gives the forward pass, the output shapes and the
 * initialisation of the children alike; {@link dev.vmodel.runtime.flow.Sizes}, the sizes a spec
 * names; and {@link dev.vmodel.runtime.flow.SpecChecks}, the spec's rules that generated
 * constructors apply to the sizes they compute, with the validator's messages.
 */
package dev.vmodel.runtime.flow;
