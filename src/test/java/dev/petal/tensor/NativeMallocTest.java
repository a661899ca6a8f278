package dev.petal.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FFM call reaches glibc's mallopt (its effect on peak RSS is measured by `petal bench sd15-256-full`). */
class NativeMallocTest {
    @Test
    void glibcAcceptsTheFixedMmapThreshold() {
        assertTrue(NativeMalloc.forLargeTensors(), "mallopt(M_MMAP_THRESHOLD, 64 KiB) on glibc");
    }
}
