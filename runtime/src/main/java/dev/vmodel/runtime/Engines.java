package dev.vmodel.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.util.Utils;

/**
 * Engine setup for generated models, their harness and tests.
 *
 * <p>vmodel runs DJL on the PyTorch engine with the native library taken from Maven Central ({@code
 * ai.djl.pytorch:pytorch-native-cpu}, classifier {@code linux-x86_64}) and never lets DJL reach the
 * network. Every entry point goes through {@link #engine()}, which sets the system property {@code
 * ai.djl.offline=true} <em>before</em> the engine class loads.
 */
public final class Engines {

    /** The DJL engine name vmodel runs on. */
    public static final String ENGINE_NAME = "PyTorch";

    /** The system property DJL reads to decide whether it may download anything. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private Engines() {}

    /**
     * Sets {@code ai.djl.offline=true}.
     *
     * @throws IllegalStateException if the environment variable {@code DJL_OFFLINE} (which DJL
     *     reads first) turns offline mode off
     */
    public static void ensureOffline() {
        System.setProperty(OFFLINE_PROPERTY, "true");
        if (!Utils.isOfflineMode()) {
            throw new IllegalStateException("DJL offline mode is off (environment variable DJL_OFFLINE="
                    + System.getenv("DJL_OFFLINE")
                    + "); vmodel requires ai.djl.offline=true");
        }
    }

    /**
     * Returns the PyTorch engine, in offline mode.
     *
     * @return the engine
     * @throws IllegalStateException if the PyTorch engine is not on the class path
     */
    public static Engine engine() {
        ensureOffline();
        if (!Engine.hasEngine(ENGINE_NAME)) {
            throw new IllegalStateException("DJL engine "
                    + ENGINE_NAME
                    + " not found; add ai.djl.pytorch:pytorch-engine, pytorch-jni and"
                    + " pytorch-native-cpu (classifier linux-x86_64) to the class path");
        }
        return Engine.getEngine(ENGINE_NAME);
    }

    /**
     * Returns a new root manager on the PyTorch engine's default device. Close it when done.
     *
     * @return a new base manager
     */
    public static NDManager newBaseManager() {
        return engine().newBaseManager();
    }

    /**
     * Seeds DJL's Java random generator and PyTorch's ({@code torch.manual_seed}), so that
     * initialisation, dropout and drop-path are reproducible.
     *
     * @param seed the seed
     */
    public static void seed(int seed) {
        engine().setRandomSeed(seed);
    }

    /**
     * Returns a parameter store over {@code manager} that uses the parameter arrays in place (no
     * copy), the usual choice for a single device.
     *
     * @param manager the manager for arrays the store creates
     * @return a new parameter store
     */
    public static ParameterStore parameterStore(NDManager manager) {
        return new ParameterStore(manager, false);
    }

    /**
     * Shows errors only from DJL and its engine, which log through SLF4J, unless the user chose a
     * level: a command line has no use for DJL's warning, on every CPU-only machine, that it found no
     * CUDA driver. Call it before anything logs.
     */
    public static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
    }

    /**
     * Asks the PyTorch engine how many threads it runs with (the engine is a runtime dependency, so
     * by reflection on its {@code JniUtils}).
     *
     * @param method {@code getNumThreads} (intra-op) or {@code getNumInteropThreads}
     * @return the count, empty when the engine cannot say
     */
    public static java.util.OptionalInt engineThreads(String method) {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            return java.util.OptionalInt.of(((Number) jni.getMethod(method).invoke(null)).intValue());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return java.util.OptionalInt.empty();
        }
    }
}
