package dev.petal.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FFM call reaches glibc's mallopt (its effect on peak RSS is measured by `petal bench sd15-256-full` and `sd15-sample`). */
class NativeMallocTest {
    @Test
    void smallModelsKeepTheDynamicThresholdAndTheLowestFixedOneWins() {
        int before = NativeMalloc.threshold();
        assertFalse(NativeMalloc.forSampling(8_689_924), "the emoji UNet samples with glibc's dynamic threshold");
        assertEquals(before, NativeMalloc.threshold());
        assertTrue(NativeMalloc.forSampling(859_520_964), "mallopt(M_MMAP_THRESHOLD, 4 MiB) on glibc for SD 1.x");
        assertTrue(NativeMalloc.threshold() > 0 && NativeMalloc.threshold() <= NativeMalloc.SAMPLING_THRESHOLD);
        assertFalse(NativeMalloc.forFullTraining(8_689_924), "the emoji UNet trains with the threshold it had");
        assertTrue(NativeMalloc.forFullTraining(859_520_964), "mallopt(M_MMAP_THRESHOLD, 64 KiB) on glibc");
        assertEquals(NativeMalloc.LARGE_TENSOR_THRESHOLD, NativeMalloc.threshold());
        assertTrue(NativeMalloc.forSampling(859_520_964));
        assertEquals(NativeMalloc.LARGE_TENSOR_THRESHOLD, NativeMalloc.threshold(), "sampling after full training keeps 64 KiB");
    }
}
