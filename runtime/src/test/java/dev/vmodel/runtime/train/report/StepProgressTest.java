package dev.vmodel.runtime.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.train.report.StepProgress.Mode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StepProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesComeEveryIntervalAndAtTheEndOfTheEpoch() {
        long start = now.get();
        try (StepProgress progress =
                StepProgress.start("epoch 3/10", 5, 0, out, Mode.PLAIN, TEN_SECONDS, now::get, 0)) {
            // step, seconds after start, loss, img/s
            double[][] steps = {
                {1, 1, 1.0, 100}, {2, 10, 2.0, 200}, {3, 12, 3.0, 300}, {4, 15, 4.0, 400}, {5, 16, 5.0, 500}
            };
            for (double[] s : steps) {
                now.set(start + (long) (s[1] * SECOND));
                progress.step((long) s[0], s[2], s[3]);
            }
        }
        // At 10 s: 2 steps took 10 s, 3 are left at 5 s each. At 16 s: the epoch is done.
        assertEquals(
                "epoch 3/10 step 2/5 loss 1.5000 200.0 img/s ETA 15s\n"
                        + "epoch 3/10 step 5/5 loss 3.0000 500.0 img/s ETA 0s\n",
                output());
    }

    @Test
    void aResumedEpochCountsItsPaceFromTheResumeAndCloseShowsWhereItStopped() {
        long start = now.get();
        try (StepProgress progress =
                StepProgress.start("epoch 1/2", 100, 40, out, Mode.PLAIN, TEN_SECONDS, now::get, 0)) {
            for (int step = 41; step <= 51; step++) {
                now.set(start + (step - 40) * SECOND);
                progress.step(step, 0.5, 64);
            }
        }
        // 10 steps in 10 s, 50 left; then cut short at step 51: 11 steps in 11 s, 49 left.
        assertEquals(
                "epoch 1/2 step 50/100 loss 0.5000 64.0 img/s ETA 50s\n"
                        + "epoch 1/2 step 51/100 loss 0.5000 64.0 img/s ETA 49s\n",
                output());
    }

    @Test
    void disabledOrOffPrintsNothing() {
        try (StepProgress progress = StepProgress.start("epoch 1/1", 2, 0, out, false)) {
            progress.step(1, 1.0, 10);
            progress.step(2, 1.0, 10);
        }
        try (StepProgress progress = StepProgress.start("epoch 1/1", 2, 0, out, Mode.OFF, Duration.ZERO)) {
            progress.step(1, 1.0, 10);
            progress.step(2, 1.0, 10);
        }
        assertEquals("", output());
    }

    @Test
    void theBarIsRedrawnInPlaceAndEndsOnItsOwnLineWithoutLeavingAThread() throws InterruptedException {
        try (StepProgress progress = StepProgress.start("epoch 1/1", 3, 0, out, Mode.BAR, TEN_SECONDS, now::get, 80)) {
            progress.step(1, 1.0, 100);
            progress.step(2, 2.0, 200);
            progress.step(3, 3.0, 300);
        }
        String text = output();
        assertTrue(text.startsWith("\r"), text);
        assertTrue(text.endsWith("\n"), text);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line end, after the last frame: " + text);
        String lastFrame = text.substring(text.lastIndexOf('\r') + 1, text.length() - 1);
        assertTrue(lastFrame.startsWith("epoch 1/1 100%"), lastFrame);
        assertTrue(lastFrame.contains(" 3/3 "), lastFrame);
        assertTrue(lastFrame.endsWith("loss 2.0000 300.0 img/s"), lastFrame);
        assertTrue(lastFrame.length() <= 80, lastFrame);
        assertEquals(List.of(), progressBarThreads(Duration.ofSeconds(2)));
    }

    @Test
    void aStepCostsWellUnderAMicrosecond() {
        for (Mode mode : List.of(Mode.PLAIN, Mode.BAR)) {
            int steps = 1_000_000;
            long start = System.nanoTime();
            try (StepProgress progress =
                    StepProgress.start("epoch 1/1", steps, 0, out, mode, Duration.ofHours(1), System::nanoTime, 80)) {
                for (int step = 1; step < steps; step++) {
                    progress.step(step, 1.0, 1000);
                }
            }
            double micros = (System.nanoTime() - start) / 1e3 / steps;
            // About 0.1 µs measured; a generous bound for a busy machine.
            assertTrue(micros < 1, mode + ": " + micros + " µs per step");
        }
    }

    @Test
    void theModeComesFromThePropertyOrTheTerminal() {
        String before = System.getProperty(StepProgress.MODE_PROPERTY);
        try {
            System.setProperty(StepProgress.MODE_PROPERTY, "plain");
            assertEquals(Mode.PLAIN, Mode.detect());
            System.setProperty(StepProgress.MODE_PROPERTY, "Bar");
            assertEquals(Mode.BAR, Mode.detect());
            System.setProperty(StepProgress.MODE_PROPERTY, "off");
            assertEquals(Mode.OFF, Mode.detect());
            System.setProperty(StepProgress.MODE_PROPERTY, "fancy");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Mode::detect);
            assertEquals("vmodel.progress must be bar, plain, off or auto, not 'fancy'", e.getMessage());
            System.clearProperty(StepProgress.MODE_PROPERTY);
            // Surefire's forked JVM has no console: no bar, as in CI and in Maven's forked trainer.
            if (System.console() == null) {
                assertEquals(Mode.PLAIN, Mode.detect());
            }
        } finally {
            if (before == null) {
                System.clearProperty(StepProgress.MODE_PROPERTY);
            } else {
                System.setProperty(StepProgress.MODE_PROPERTY, before);
            }
        }
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("0s", StepProgress.duration(0));
        assertEquals("59s", StepProgress.duration(59));
        assertEquals("1m05s", StepProgress.duration(65));
        assertEquals("59m59s", StepProgress.duration(3599));
        assertEquals("1h03m09s", StepProgress.duration(3789));
    }

    @Test
    void badCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StepProgress.start("e", 0, 0, out, false));
        assertThrows(IllegalArgumentException.class, () -> StepProgress.start("e", 5, 6, out, false));
    }

    /** The progressbar library's refresher threads still alive after waiting up to {@code patience}. */
    private static List<Thread> progressBarThreads(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<Thread> alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ProgressBar") && t.isAlive())
                    .toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(10);
        }
    }
}
