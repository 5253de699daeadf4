/**
 * The typed contract between generated models and the tools that drive them: every generated
 * model is a {@link dev.vmodel.runtime.model.SpecModel}, built from text by its {@link
 * dev.vmodel.runtime.model.ModelFamily}, found by spec name through {@link
 * dev.vmodel.runtime.model.ModelFamilies}; its parameters carry the stable, PyTorch-style names of
 * {@link dev.vmodel.runtime.model.StableNames}.
 */
package dev.vmodel.runtime.model;
