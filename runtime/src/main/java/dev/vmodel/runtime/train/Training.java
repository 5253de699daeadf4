package dev.vmodel.runtime.train;

import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.semantic.model.TrainRecipe;

/** A training run of a generated model (placeholder while the trainer is written; see issue 8). */
public final class Training {
    private Training() {}

    /**
     * Starts configuring a run of {@code family}.
     *
     * @param family the model
     * @return a builder
     */
    public static Builder builder(ModelFamily family) {
        return new Builder(family);
    }

    /** Options of a run. */
    public static final class Builder {
        private final ModelFamily family;
        private TrainRecipe recipe;

        private Builder(ModelFamily family) {
            this.family = family;
            this.recipe = family.recipe();
        }

        /**
         * Sets the recipe.
         *
         * @param recipe the recipe
         * @return this builder
         */
        public Builder recipe(TrainRecipe recipe) {
            this.recipe = recipe;
            return this;
        }
    }
}
