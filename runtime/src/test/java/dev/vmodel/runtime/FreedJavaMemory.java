package dev.vmodel.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes what a garbage collection between a forward and a backward pass can do to Java data
 * left in an autograd graph (see {@link EngineArrays}): frees every unreachable direct buffer and
 * hands its memory to new buffers full of {@code 0x7f} bytes (floats of 3.4e38, huge longs).
 */
public final class FreedJavaMemory {

    private FreedJavaMemory() {}

    /**
     * Collects garbage, then reuses what was freed.
     *
     * @return the new buffers: hold them until the backward pass is done
     */
    public static List<ByteBuffer> reuse() {
        System.gc();
        try {
            Thread.sleep(20); // the cleaner thread frees the buffers the collection found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int size : new int[] {4, 8, 16, 24, 32, 48, 64, 96, 128, 256}) {
            for (int k = 0; k < 400; k++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                for (int i = 0; i < size; i++) {
                    b.put(i, (byte) 0x7f);
                }
                junk.add(b);
            }
        }
        return junk;
    }
}
