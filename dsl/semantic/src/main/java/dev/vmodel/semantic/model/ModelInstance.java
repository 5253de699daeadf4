package dev.vmodel.semantic.model;

/** Work in progress. */
public record ModelInstance(String model, String variant) {}
