package dev.vmodel.semantic.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training recipe: the spec's {@code train { }} section with every other setting at its
 * default. Epoch-based quantities are in epochs. Every recipe is valid: each setting is in the
 * range {@link RecipeSetting} gives it, {@code warmupEpochs < epochs} and {@code minLr <= lr};
 * the constructor refuses anything else with an {@link IllegalArgumentException} of one line.
 *
 * @param optimizer the optimizer: {@code adamw}, {@code adam} or {@code sgd}
 * @param lr the peak learning rate, reached at the end of the warm-up; positive
 * @param minLr the learning rate the schedule decays to (cosine, linear); at least 0 and at most
 *     {@code lr}
 * @param warmupLr the learning rate the warm-up starts from; at least 0
 * @param weightDecay the (decoupled, for AdamW) weight decay; at least 0
 * @param momentum SGD's momentum, in [0, 1)
 * @param nesterov whether SGD uses Nesterov momentum
 * @param beta1 Adam's and AdamW's first-moment decay, in [0, 1)
 * @param beta2 Adam's and AdamW's second-moment decay, in [0, 1)
 * @param eps Adam's and AdamW's epsilon; positive
 * @param warmupEpochs the epochs of linear warm-up from {@code warmupLr} to {@code lr}; less than
 *     {@code epochs}
 * @param schedule the schedule after the warm-up: {@code cosine}, {@code step}, {@code constant} or
 *     {@code linear}
 * @param decayEpochs for the step schedule, the epochs between two decays; positive
 * @param decayRate for the step schedule, the factor of each decay, in (0, 1]
 * @param labelSmoothing the label smoothing of the cross-entropy loss, in [0, 1)
 * @param epochs the epochs to train; positive
 * @param batch the batch size; positive
 * @param clipGrad the largest global gradient norm, larger gradients are scaled down to it; 0 = off
 * @param seed the seed of initialisation, data order and augmentation
 * @param dataset the data format the recipe expects by default: {@code imagenet}, {@code cifar10},
 *     {@code cifar100}, {@code mnist}, {@code fashionMnist}, {@code folder} or {@code synthetic}
 * @param validationSplit the fraction of the training data held out for validation when the dataset
 *     has no test split, in [0, 1)
 * @param normalize the input normalisation: {@code auto} (by dataset), {@code imagenet}, {@code
 *     cifar}, {@code mnist}, {@code half} or {@code none}
 * @param cropPadding random crop to the input size after zero padding of this many pixels; 0 = off
 * @param randomResizedCrop whether training images get a random resized crop (Inception-style)
 * @param minScale the smallest area fraction of a random resized crop, in (0, 1]
 * @param hflip whether training images are flipped horizontally at random
 * @param mixup the alpha of mixup's Beta(alpha, alpha); 0 = off
 * @param cutmix the alpha of cutmix's Beta(alpha, alpha); 0 = off
 */
public record TrainRecipe(
        String optimizer,
        double lr,
        double minLr,
        double warmupLr,
        double weightDecay,
        double momentum,
        boolean nesterov,
        double beta1,
        double beta2,
        double eps,
        long warmupEpochs,
        String schedule,
        long decayEpochs,
        double decayRate,
        double labelSmoothing,
        long epochs,
        long batch,
        double clipGrad,
        long seed,
        String dataset,
        double validationSplit,
        String normalize,
        long cropPadding,
        boolean randomResizedCrop,
        double minScale,
        boolean hflip,
        double mixup,
        double cutmix) {

    /** Checks every setting and the relations between them; the order is {@link RecipeSetting}'s. */
    public TrainRecipe {
        RecipeSetting.check(new Object[] {
            optimizer,
            lr,
            minLr,
            warmupLr,
            weightDecay,
            momentum,
            nesterov,
            beta1,
            beta2,
            eps,
            warmupEpochs,
            schedule,
            decayEpochs,
            decayRate,
            labelSmoothing,
            epochs,
            batch,
            clipGrad,
            seed,
            dataset,
            validationSplit,
            normalize,
            cropPadding,
            randomResizedCrop,
            minScale,
            hflip,
            mixup,
            cutmix
        });
    }

    /**
     * What a model without a {@code train} section gets: a common AdamW/cosine ImageNet recipe
     * (timm's optimizer and warm-up defaults), no augmentation beyond the dataset's normalisation.
     *
     * @return the default recipe
     */
    public static TrainRecipe defaults() {
        return DEFAULTS;
    }

    private static final TrainRecipe DEFAULTS = new TrainRecipe(
            "adamw",
            1e-3,
            1e-5,
            1e-6,
            0.05,
            0.9,
            false,
            0.9,
            0.999,
            1e-8,
            5,
            "cosine",
            30,
            0.1,
            0.1,
            300,
            128,
            0.0,
            42,
            "imagenet",
            0.1,
            "auto",
            0,
            false,
            0.08,
            false,
            0.0,
            0.0);

    /**
     * Starts a recipe from the {@linkplain #defaults() defaults}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * Starts a recipe from this one.
     *
     * @return a builder holding this recipe's settings
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * This recipe with one setting read from text, as a command line or a Maven property gives it,
     * and checked as the language checks a {@code train { }} section.
     *
     * @param key a setting's key, e.g. {@code lr}
     * @param text its value, e.g. {@code 5e-4}, {@code true}, {@code cifar10}
     * @return the new recipe
     * @throws IllegalArgumentException with one line: {@code unknown recipe setting 'lrr'; known:
     *     optimizer, lr, ...}, {@code bad value 'abc' for recipe setting 'lr' (expects a positive
     *     number)}, or a broken relation ({@code warmupEpochs (5) must be less than epochs (2)})
     */
    public TrainRecipe with(String key, String text) {
        return with(Map.of(key, text));
    }

    /**
     * This recipe with several settings read from text at once: the relations between settings are
     * checked after all of them are set, so {@code epochs=1, warmupEpochs=0} is accepted in either
     * order.
     *
     * @param overrides setting key to value as text, applied in order
     * @return the new recipe
     * @throws IllegalArgumentException with one line, as {@link #with(String, String)}
     */
    public TrainRecipe with(Map<String, String> overrides) {
        Builder b = toBuilder();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            RecipeSetting setting = RecipeSetting.byKey(o.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("unknown recipe setting '" + o.getKey()
                            + "'; known: " + String.join(", ", RecipeSetting.keys())));
            b.set(setting, setting.parse(o.getValue()));
        }
        return b.build();
    }

    /**
     * Returns every setting by key, in {@link RecipeSetting} order: a {@code Long}, {@code Double},
     * {@code Boolean} or {@code String} each, for logs and checkpoint metadata.
     *
     * @return the settings, unmodifiable
     */
    public Map<String, Object> settings() {
        Object[] values = values();
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecipeSetting s : RecipeSetting.values()) m.put(s.key(), values[s.ordinal()]);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Returns the value of one setting.
     *
     * @param setting the setting
     * @return its value, of the type {@link RecipeSetting#kind()} names
     */
    public Object get(RecipeSetting setting) {
        return values()[setting.ordinal()];
    }

    private Object[] values() {
        return new Object[] {
            optimizer,
            lr,
            minLr,
            warmupLr,
            weightDecay,
            momentum,
            nesterov,
            beta1,
            beta2,
            eps,
            warmupEpochs,
            schedule,
            decayEpochs,
            decayRate,
            labelSmoothing,
            epochs,
            batch,
            clipGrad,
            seed,
            dataset,
            validationSplit,
            normalize,
            cropPadding,
            randomResizedCrop,
            minScale,
            hflip,
            mixup,
            cutmix
        };
    }

    /**
     * A recipe under construction: one setter per setting, named after it, then {@link #build()},
     * which checks the whole recipe.
     */
    public static final class Builder {
        private final Object[] values;

        private Builder(TrainRecipe from) {
            this.values = from.values();
        }

        /**
         * Sets one setting by its descriptor; the value is checked by {@link #build()}.
         *
         * @param setting the setting
         * @param value a {@code Double}, {@code Long}, {@code Boolean} or {@code String} as {@link
         *     RecipeSetting#kind()} says (an {@code Integer} is taken for a whole number, any number for
         *     a number)
         * @return this builder
         * @throws IllegalArgumentException if the value is not of the setting's kind
         */
        public Builder set(RecipeSetting setting, Object value) {
            Object v = value;
            if (setting.kind() == RecipeSetting.Kind.NUMBER && value instanceof Number n) v = n.doubleValue();
            if (setting.kind() == RecipeSetting.Kind.WHOLE && (value instanceof Integer || value instanceof Short)) {
                v = ((Number) value).longValue();
            }
            boolean typed = switch (setting.kind()) {
                case NUMBER -> v instanceof Double;
                case WHOLE -> v instanceof Long;
                case BOOLEAN -> v instanceof Boolean;
                case SYMBOL -> v instanceof String;
            };
            if (!typed) {
                throw new IllegalArgumentException("bad value '" + value + "' for recipe setting '" + setting.key()
                        + "' (expects " + setting.expects() + ")");
            }
            values[setting.ordinal()] = v;
            return this;
        }

        /**
         * Sets {@code optimizer}: the optimizer: {@code adamw}, {@code adam} or {@code sgd}.
         *
         * @param optimizer the value
         * @return this builder
         */
        public Builder optimizer(String optimizer) {
            values[RecipeSetting.OPTIMIZER.ordinal()] = optimizer;
            return this;
        }

        /**
         * Sets {@code lr}: the peak learning rate, reached at the end of the warm-up; positive.
         *
         * @param lr the value
         * @return this builder
         */
        public Builder lr(double lr) {
            values[RecipeSetting.LR.ordinal()] = lr;
            return this;
        }

        /**
         * Sets {@code minLr}: the learning rate the schedule decays to (cosine, linear); at least 0 and at most {@code lr}.
         *
         * @param minLr the value
         * @return this builder
         */
        public Builder minLr(double minLr) {
            values[RecipeSetting.MIN_LR.ordinal()] = minLr;
            return this;
        }

        /**
         * Sets {@code warmupLr}: the learning rate the warm-up starts from; at least 0.
         *
         * @param warmupLr the value
         * @return this builder
         */
        public Builder warmupLr(double warmupLr) {
            values[RecipeSetting.WARMUP_LR.ordinal()] = warmupLr;
            return this;
        }

        /**
         * Sets {@code weightDecay}: the (decoupled, for AdamW) weight decay; at least 0.
         *
         * @param weightDecay the value
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            values[RecipeSetting.WEIGHT_DECAY.ordinal()] = weightDecay;
            return this;
        }

        /**
         * Sets {@code momentum}: sGD's momentum, in [0, 1).
         *
         * @param momentum the value
         * @return this builder
         */
        public Builder momentum(double momentum) {
            values[RecipeSetting.MOMENTUM.ordinal()] = momentum;
            return this;
        }

        /**
         * Sets {@code nesterov}: whether SGD uses Nesterov momentum.
         *
         * @param nesterov the value
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            values[RecipeSetting.NESTEROV.ordinal()] = nesterov;
            return this;
        }

        /**
         * Sets {@code beta1}: adam's and AdamW's first-moment decay, in [0, 1).
         *
         * @param beta1 the value
         * @return this builder
         */
        public Builder beta1(double beta1) {
            values[RecipeSetting.BETA1.ordinal()] = beta1;
            return this;
        }

        /**
         * Sets {@code beta2}: adam's and AdamW's second-moment decay, in [0, 1).
         *
         * @param beta2 the value
         * @return this builder
         */
        public Builder beta2(double beta2) {
            values[RecipeSetting.BETA2.ordinal()] = beta2;
            return this;
        }

        /**
         * Sets {@code eps}: adam's and AdamW's epsilon; positive.
         *
         * @param eps the value
         * @return this builder
         */
        public Builder eps(double eps) {
            values[RecipeSetting.EPS.ordinal()] = eps;
            return this;
        }

        /**
         * Sets {@code warmupEpochs}: the epochs of linear warm-up from {@code warmupLr} to {@code lr}; less than {@code epochs}.
         *
         * @param warmupEpochs the value
         * @return this builder
         */
        public Builder warmupEpochs(long warmupEpochs) {
            values[RecipeSetting.WARMUP_EPOCHS.ordinal()] = warmupEpochs;
            return this;
        }

        /**
         * Sets {@code schedule}: the schedule after the warm-up: {@code cosine}, {@code step}, {@code constant} or {@code linear}.
         *
         * @param schedule the value
         * @return this builder
         */
        public Builder schedule(String schedule) {
            values[RecipeSetting.SCHEDULE.ordinal()] = schedule;
            return this;
        }

        /**
         * Sets {@code decayEpochs}: for the step schedule, the epochs between two decays; positive.
         *
         * @param decayEpochs the value
         * @return this builder
         */
        public Builder decayEpochs(long decayEpochs) {
            values[RecipeSetting.DECAY_EPOCHS.ordinal()] = decayEpochs;
            return this;
        }

        /**
         * Sets {@code decayRate}: for the step schedule, the factor of each decay, in (0, 1].
         *
         * @param decayRate the value
         * @return this builder
         */
        public Builder decayRate(double decayRate) {
            values[RecipeSetting.DECAY_RATE.ordinal()] = decayRate;
            return this;
        }

        /**
         * Sets {@code labelSmoothing}: the label smoothing of the cross-entropy loss, in [0, 1).
         *
         * @param labelSmoothing the value
         * @return this builder
         */
        public Builder labelSmoothing(double labelSmoothing) {
            values[RecipeSetting.LABEL_SMOOTHING.ordinal()] = labelSmoothing;
            return this;
        }

        /**
         * Sets {@code epochs}: the epochs to train; positive.
         *
         * @param epochs the value
         * @return this builder
         */
        public Builder epochs(long epochs) {
            values[RecipeSetting.EPOCHS.ordinal()] = epochs;
            return this;
        }

        /**
         * Sets {@code batch}: the batch size; positive.
         *
         * @param batch the value
         * @return this builder
         */
        public Builder batch(long batch) {
            values[RecipeSetting.BATCH.ordinal()] = batch;
            return this;
        }

        /**
         * Sets {@code clipGrad}: the largest global gradient norm, larger gradients are scaled down to it; 0 = off.
         *
         * @param clipGrad the value
         * @return this builder
         */
        public Builder clipGrad(double clipGrad) {
            values[RecipeSetting.CLIP_GRAD.ordinal()] = clipGrad;
            return this;
        }

        /**
         * Sets {@code seed}: the seed of initialisation, data order and augmentation.
         *
         * @param seed the value
         * @return this builder
         */
        public Builder seed(long seed) {
            values[RecipeSetting.SEED.ordinal()] = seed;
            return this;
        }

        /**
         * Sets {@code dataset}: the data format the recipe expects by default: {@code imagenet}, {@code cifar10}, {@code cifar100}, {@code mnist}, {@code fashionMnist}, {@code folder} or {@code synthetic}.
         *
         * @param dataset the value
         * @return this builder
         */
        public Builder dataset(String dataset) {
            values[RecipeSetting.DATASET.ordinal()] = dataset;
            return this;
        }

        /**
         * Sets {@code validationSplit}: the fraction of the training data held out for validation when the dataset has no test split, in [0, 1).
         *
         * @param validationSplit the value
         * @return this builder
         */
        public Builder validationSplit(double validationSplit) {
            values[RecipeSetting.VALIDATION_SPLIT.ordinal()] = validationSplit;
            return this;
        }

        /**
         * Sets {@code normalize}: the input normalisation: {@code auto} (by dataset), {@code imagenet}, {@code cifar}, {@code mnist}, {@code half} or {@code none}.
         *
         * @param normalize the value
         * @return this builder
         */
        public Builder normalize(String normalize) {
            values[RecipeSetting.NORMALIZE.ordinal()] = normalize;
            return this;
        }

        /**
         * Sets {@code cropPadding}: random crop to the input size after zero padding of this many pixels; 0 = off.
         *
         * @param cropPadding the value
         * @return this builder
         */
        public Builder cropPadding(long cropPadding) {
            values[RecipeSetting.CROP_PADDING.ordinal()] = cropPadding;
            return this;
        }

        /**
         * Sets {@code randomResizedCrop}: whether training images get a random resized crop (Inception-style).
         *
         * @param randomResizedCrop the value
         * @return this builder
         */
        public Builder randomResizedCrop(boolean randomResizedCrop) {
            values[RecipeSetting.RANDOM_RESIZED_CROP.ordinal()] = randomResizedCrop;
            return this;
        }

        /**
         * Sets {@code minScale}: the smallest area fraction of a random resized crop, in (0, 1].
         *
         * @param minScale the value
         * @return this builder
         */
        public Builder minScale(double minScale) {
            values[RecipeSetting.MIN_SCALE.ordinal()] = minScale;
            return this;
        }

        /**
         * Sets {@code hflip}: whether training images are flipped horizontally at random.
         *
         * @param hflip the value
         * @return this builder
         */
        public Builder hflip(boolean hflip) {
            values[RecipeSetting.HFLIP.ordinal()] = hflip;
            return this;
        }

        /**
         * Sets {@code mixup}: the alpha of mixup's Beta(alpha, alpha); 0 = off.
         *
         * @param mixup the value
         * @return this builder
         */
        public Builder mixup(double mixup) {
            values[RecipeSetting.MIXUP.ordinal()] = mixup;
            return this;
        }

        /**
         * Sets {@code cutmix}: the alpha of cutmix's Beta(alpha, alpha); 0 = off.
         *
         * @param cutmix the value
         * @return this builder
         */
        public Builder cutmix(double cutmix) {
            values[RecipeSetting.CUTMIX.ordinal()] = cutmix;
            return this;
        }

        /**
         * Makes the recipe.
         *
         * @return the recipe
         * @throws IllegalArgumentException with one line naming the first setting out of its range,
         *     or two settings out of order
         */
        public TrainRecipe build() {
            return new TrainRecipe(
                    (String) values[RecipeSetting.OPTIMIZER.ordinal()],
                    (Double) values[RecipeSetting.LR.ordinal()],
                    (Double) values[RecipeSetting.MIN_LR.ordinal()],
                    (Double) values[RecipeSetting.WARMUP_LR.ordinal()],
                    (Double) values[RecipeSetting.WEIGHT_DECAY.ordinal()],
                    (Double) values[RecipeSetting.MOMENTUM.ordinal()],
                    (Boolean) values[RecipeSetting.NESTEROV.ordinal()],
                    (Double) values[RecipeSetting.BETA1.ordinal()],
                    (Double) values[RecipeSetting.BETA2.ordinal()],
                    (Double) values[RecipeSetting.EPS.ordinal()],
                    (Long) values[RecipeSetting.WARMUP_EPOCHS.ordinal()],
                    (String) values[RecipeSetting.SCHEDULE.ordinal()],
                    (Long) values[RecipeSetting.DECAY_EPOCHS.ordinal()],
                    (Double) values[RecipeSetting.DECAY_RATE.ordinal()],
                    (Double) values[RecipeSetting.LABEL_SMOOTHING.ordinal()],
                    (Long) values[RecipeSetting.EPOCHS.ordinal()],
                    (Long) values[RecipeSetting.BATCH.ordinal()],
                    (Double) values[RecipeSetting.CLIP_GRAD.ordinal()],
                    (Long) values[RecipeSetting.SEED.ordinal()],
                    (String) values[RecipeSetting.DATASET.ordinal()],
                    (Double) values[RecipeSetting.VALIDATION_SPLIT.ordinal()],
                    (String) values[RecipeSetting.NORMALIZE.ordinal()],
                    (Long) values[RecipeSetting.CROP_PADDING.ordinal()],
                    (Boolean) values[RecipeSetting.RANDOM_RESIZED_CROP.ordinal()],
                    (Double) values[RecipeSetting.MIN_SCALE.ordinal()],
                    (Boolean) values[RecipeSetting.HFLIP.ordinal()],
                    (Double) values[RecipeSetting.MIXUP.ordinal()],
                    (Double) values[RecipeSetting.CUTMIX.ordinal()]);
        }
    }
}
