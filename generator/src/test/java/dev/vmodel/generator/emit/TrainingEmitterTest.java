package dev.vmodel.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The recipe's values as Java literals: readable, and exactly the double the spec meant. */
class TrainingEmitterTest {

    @Test
    void numbersReadAsASpecWritesThem() {
        assertEquals("5.5e-4", TrainingEmitter.number(5.5e-4));
        assertEquals("0.06", TrainingEmitter.number(0.06));
        assertEquals("0.999", TrainingEmitter.number(0.999));
        assertEquals("1e-3", TrainingEmitter.number(1e-3));
        assertEquals("1e-8", TrainingEmitter.number(1e-8));
        assertEquals("0.1", TrainingEmitter.number(0.1));
        assertEquals("300.0", TrainingEmitter.number(300));
        assertEquals("0.0", TrainingEmitter.number(0));
        assertEquals("-2.5e-5", TrainingEmitter.number(-2.5e-5));
        assertEquals("12500000.0", TrainingEmitter.number(1.25e7));
        assertEquals("1234567.5", TrainingEmitter.number(1234567.5));
        assertEquals("1.00000005e7", TrainingEmitter.number(10000000.5));
        // The sum is not 0.3: all 17 digits are needed to say which double it is.
        assertEquals("0.30000000000000004", TrainingEmitter.number(0.1 + 0.2));
    }

    @Test
    void everyNumberReadsBackAsTheSameDouble() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 20_000; i++) {
            double d = Math.scalb(random.nextDouble(), random.nextInt(-60, 60));
            String literal = TrainingEmitter.number(d);
            assertEquals(d, Double.parseDouble(literal), literal);
        }
    }

    @Test
    void wholeNumbersAreLongLiteralsOnlyBeyondInt() {
        assertEquals("4096", TrainingEmitter.literal(4096L).toString());
        assertEquals("-7", TrainingEmitter.literal(-7L).toString());
        assertEquals("3000000000L", TrainingEmitter.literal(3_000_000_000L).toString());
        assertEquals("true", TrainingEmitter.literal(true).toString());
        assertEquals("\"cifar10\"", TrainingEmitter.literal("cifar10").toString());
    }
}
