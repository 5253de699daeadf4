package dev.vmodel.runtime.train;

import dev.vmodel.runtime.model.ModelFamily;

/**
 * The trainer's command line (placeholder while the trainer is written; see issue 8).
 */
public final class TrainCli {
    private TrainCli() {}

    /**
     * Runs the command for a model and exits with its status.
     *
     * @param args the command line, with {@code --model NAME}
     */
    public static void main(String[] args) {
        System.exit(run(null, args));
    }

    /**
     * Runs the command for {@code family} (or the model named by {@code --model} when null).
     *
     * @param family the model to train, or null
     * @param args the command line
     * @return the exit status
     */
    public static int run(ModelFamily family, String... args) {
        System.err.println("vmodel train: not written yet");
        return 1;
    }
}
