package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.bench.BenchCase;
import dev.vmodel.runtime.bench.BenchmarkRun;
import dev.vmodel.runtime.bench.CaseResult;
import dev.vmodel.runtime.bench.Measurement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark run built by hand for the report tests, with the figures the report must show worked
 * out by hand in the comments (and in the tests), not by the code under test.
 *
 * <p>Case 1, {@code GMlp small b16 train}, 1.2 forward GFLOP per image: both vmodel runs are noisy
 * (one clean window of three each), so its figure is the median of all its runs, (20 + 22) / 2 = 21,
 * flagged; the twin's two runs are clean: (14 + 15) / 2 = 14.5. Ratio 21 / 14.5 = 1.448... ("1.45x").
 * GFLOP/s: 21 x 1.2 x 3 = 75.6, 37.8% of the vmodel peak 200; 14.5 x 1.2 x 3 = 52.2, 29.0% of the
 * PyTorch peak 180.
 *
 * <p>Case 2, {@code GMlp tiny (depth=2) b64 infer}, 0.08 GFLOP per image, without a twin: two clean
 * vmodel runs (300, 340) and a noisy one (100) left out: (300 + 340) / 2 = 320 img/s; 320 x 0.08 =
 * 25.6 GFLOP/s, 12.8% of 200.
 */
final class SampleRun {
    static final double NAN = Double.NaN;
    static final String DJL = "PyTorch 2.7.1 (DJL 0.36.0)";
    static final String TORCH = "torch 1.13.1";

    private SampleRun() {}

    static BenchmarkRun run() {
        return new BenchmarkRun(
                "2026-11-30T05:50:00Z",
                "AMD EPYC 7B13, 2 cores",
                2,
                200.0,
                180.0,
                List.of(trainCase(), inferCaseWithoutTwin()),
                List.of("the machine was never quiet for 2 s before GMlp small b16 train"));
    }

    static CaseResult trainCase() {
        List<Measurement> vmodel = List.of(
                train(Measurement.VMODEL, DJL, 20.0, List.of(0.30, 0.25, 0.05), 1200.0, 1260.0, 812.4, 256.5),
                train(Measurement.VMODEL, DJL, 22.0, List.of(0.20, 0.12, 0.40), 1300.0, 1400.0, 820.6, 260.25));
        List<Measurement> pytorch = List.of(
                train(Measurement.PYTORCH, TORCH, 14.0, List.of(0.01, 0.02, 0.0), 1100.0, 1150.0, 700.2, NAN),
                train(Measurement.PYTORCH, TORCH, 15.0, List.of(0.0, 0.0, 0.03), 1000.0, 1200.0, 690.0, NAN));
        return new CaseResult(new BenchCase("GMlp", "small", Map.of(), 16, "train"), 1.2, vmodel, pytorch, "");
    }

    static CaseResult inferCaseWithoutTwin() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("depth", "2");
        List<Measurement> vmodel = List.of(
                infer(300.0, List.of(0.0, 0.0, 0.01), 200.0, 230.0, 455.2),
                infer(340.0, List.of(0.02, 0.0, 0.0), 190.0, 210.0, 460.7),
                infer(100.0, List.of(0.5, 0.5, 0.5), 600.0, 900.0, 470.1));
        return new CaseResult(
                new BenchCase("GMlp", "tiny", overrides, 64, "infer"),
                0.08,
                vmodel,
                List.of(),
                "twin skipped: torch missing");
    }

    private static Measurement train(
            String stack,
            String engine,
            double imgPerS,
            List<Double> foreign,
            double p50,
            double p95,
            double rssPeak,
            double heap) {
        return new Measurement(
                stack,
                engine,
                2,
                5_870_000,
                imgPerS,
                List.of(imgPerS - 0.5, imgPerS, imgPerS + 0.5),
                foreign,
                p50,
                p95,
                10,
                rssPeak,
                rssPeak - 12.3,
                rssPeak - 11.0,
                heap,
                6.93,
                6.5);
    }

    private static Measurement infer(double imgPerS, List<Double> foreign, double p50, double p95, double rssPeak) {
        return new Measurement(
                Measurement.VMODEL,
                DJL,
                2,
                1_200_000,
                imgPerS,
                List.of(imgPerS, imgPerS + 1, imgPerS - 1),
                foreign,
                p50,
                p95,
                40,
                rssPeak,
                400.0,
                401.5,
                120.0,
                NAN,
                NAN);
    }
}
