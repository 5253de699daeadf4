package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementJsonTest {

    /** The line the twin's vmodel_bench prints (its field names), read as the orchestrator does. */
    @Test
    void readsTheTwinsLine() {
        String line = "{\"stack\":\"pytorch\",\"mode\":\"infer\",\"engine\":\"torch 1.13.1\",\"threads\":2,"
                + "\"params\":1234,\"imgPerS\":40.5,\"windows\":[40.0,41.0,40.5],\"foreign\":[0.01,0.2,0.05],"
                + "\"stepMsP50\":395.1,\"stepMsP95\":402.0,\"timedSteps\":6,\"rssPeakMb\":812.0,"
                + "\"rssStartMb\":800.0,\"rssEndMb\":801.5,\"heapMb\":null,\"lossFirst\":null,\"lossLast\":null}";
        JsonObject o = MeasurementJson.parse(line);
        assertEquals("infer", o.get("mode").getAsString());
        Measurement m = MeasurementJson.measurement(o);
        assertEquals("pytorch", m.stack());
        assertEquals(1234, m.params());
        assertEquals(List.of(40.0, 41.0, 40.5), m.windows());
        assertEquals(2, m.cleanWindows());
        assertTrue(m.clean());
        assertTrue(Double.isNaN(m.heapMb()));
        assertTrue(Double.isNaN(m.lossFirst()));
        // without a JVM heap, all of the resident memory is native
        assertEquals(801.5, m.nativeEndMb());
    }

    @Test
    void writesNaNAsNullAndReadsItBack() {
        Measurement m = new Measurement(
                "vmodel",
                "PyTorch 2.7.1 (DJL 0.36.0)",
                1,
                99,
                12.5,
                List.of(12.0, 13.0),
                List.of(0.5, 0.3),
                80.0,
                90.0,
                4,
                500,
                480,
                490,
                12.5,
                2.3,
                Double.NaN);
        String line = MeasurementJson.line(m, "train");
        assertTrue(line.contains("\"lossLast\":null"), line);
        assertTrue(line.contains("\"mode\":\"train\""), line);
        Measurement back = MeasurementJson.measurement(MeasurementJson.parse(line));
        assertEquals(m.windows(), back.windows());
        assertEquals(12.5, back.imgPerS());
        assertTrue(Double.isNaN(back.lossLast()));
        assertEquals(477.5, back.nativeEndMb());
        // both windows busy: the measurement is not trusted
        assertEquals(0, back.cleanWindows());
        assertTrue(!back.clean());
    }

    @Test
    void refusesWhatIsNotAMeasurement() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MeasurementJson.parse("{\"stack\": 1"));
        assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeasurementJson.parse("[1, 2]"));
        JsonObject missing = MeasurementJson.parse("{\"mode\":\"train\",\"stack\":\"vmodel\"}");
        e = assertThrows(IllegalArgumentException.class, () -> MeasurementJson.measurement(missing));
        assertTrue(e.getMessage().contains("lacks a field"), e.getMessage());
    }
}
