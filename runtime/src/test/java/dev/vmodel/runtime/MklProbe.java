package dev.vmodel.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.Random;

/**
 * A program {@link MklDispatchTest} runs in a child JVM: it multiplies 192 x 320 by 320 x 256 fp32
 * matrices with libtorch through DJL and prints the code path MKL chose ({@code cpu=N}, the answer
 * of its {@code mkl_serv_cpu_detect}) and the largest error against the product in double
 * precision, relative to the product's largest entry ({@code error=...}), and what {@link
 * MklDispatch#loaded()} says ({@code loaded=true|false}).
 */
public final class MklProbe {

    private MklProbe() {}

    public static void main(String[] args) {
        int m = 192;
        int k = 320;
        int n = 256;
        Random random = new Random(7);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) random.nextGaussian();
        float[] product;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(a, new Shape(m, k));
            NDArray y = manager.create(b, new Shape(k, n));
            product = x.matMul(y).toFloatArray();
        }
        double worst = 0;
        double largest = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                for (int p = 0; p < k; p++) exact += (double) a[i * k + p] * b[p * n + j];
                worst = Math.max(worst, Math.abs(exact - product[i * n + j]));
                largest = Math.max(largest, Math.abs(exact));
            }
        }
        // MKL's CPU detection, called in libtorch: it asks mkl_serv_intel_cpu_true through the
        // dynamic linker, which finds a preloaded definition before MKL's own.
        Path libtorch = MklDispatch.mapped("libtorch_cpu.so")
                .orElseThrow(() -> new IllegalStateException("libtorch_cpu.so is not loaded"));
        Function detect = NativeLibrary.getInstance(libtorch.toString()).getFunction("mkl_serv_cpu_detect");
        System.out.println("cpu=" + detect.invokeInt(new Object[0]) + " error=" + worst / largest + " loaded="
                + MklDispatch.loaded());
    }
}
