package dev.petal.tensor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * glibc malloc tuning from Java (FFM). Full fine-tuning frees and re-allocates gigabytes of gradients and
 * activations every step; glibc's dynamic mmap threshold keeps freed chunks up to 32 MiB in the heap, which
 * raised SD 1.5 full fine-tuning's peak RSS 5 % above PyTorch's. A fixed threshold returns them to the OS at
 * once (measured: 14,947 → ~14,000 MiB at the same speed), but slows small adapter steps (+68 % on W1), so it is
 * applied only where large tensors dominate: {@link #forFullTraining} and {@link #forSampling} of SD-sized UNets. A no-op where glibc is not the allocator
 * (e.g. with jemalloc preloaded, mallopt is glibc's and harmless).
 */
public final class NativeMalloc {
    /** glibc's M_MMAP_THRESHOLD parameter number. */
    static final int M_MMAP_THRESHOLD = -3;
    /** Allocations from this size on are mmapped and returned to the OS when freed. */
    public static final int LARGE_TENSOR_THRESHOLD = 64 * 1024;
    /**
     * Full training and sampling fix a threshold from this UNet size on (SD 1.x: 860 M). Below it the fixed
     * threshold costs time and saves little: the 8.7 M-parameter emoji UNet's pretraining step took 1.30 s with it
     * and 0.90 s without (batch 32, 2 threads).
     */
    public static final long LARGE_MODEL_PARAMETERS = 100_000_000L;

    /**
     * The threshold sampling with an SD-sized UNet uses. Measured on W3 (SD 1.5, 32×32 latents, CFG 7, idle, warm-up
     * 1 + 2): glibc's dynamic threshold 80.7 s/image, 3,925 MiB; 4 MiB 83.9 s, 3,815 MiB; 1 MiB 97.7 s, 3,730 MiB.
     * At 4 MiB only the big attention and feed-forward buffers are mmapped, so the cost is small.
     */
    public static final int SAMPLING_THRESHOLD = 4 * 1024 * 1024;

    /** The fixed threshold set so far (0: glibc's dynamic one). A process keeps the lowest one asked for. */
    private static int fixed;

    private NativeMalloc() {
    }

    /**
     * For full training of a UNet of {@code unetParameters}: 64 KiB from {@link #LARGE_MODEL_PARAMETERS} on, nothing for
     * smaller models. Returns whether a threshold is now fixed (false also where mallopt is missing).
     */
    public static boolean forFullTraining(long unetParameters) {
        return unetParameters >= LARGE_MODEL_PARAMETERS && lowerThreshold(LARGE_TENSOR_THRESHOLD);
    }

    /**
     * For sampling with a UNet of {@code unetParameters}: the {@link #SAMPLING_THRESHOLD} from
     * {@link #LARGE_MODEL_PARAMETERS} on, nothing for smaller models. Returns whether a threshold is now fixed.
     */
    public static boolean forSampling(long unetParameters) {
        return unetParameters >= LARGE_MODEL_PARAMETERS && lowerThreshold(SAMPLING_THRESHOLD);
    }

    /** The fixed threshold in effect, 0 while glibc's dynamic one is. */
    public static synchronized int threshold() {
        return fixed;
    }

    private static synchronized boolean lowerThreshold(int bytes) {
        if (fixed != 0 && fixed <= bytes) return true;
        if (!mallopt(M_MMAP_THRESHOLD, bytes)) return false;
        fixed = bytes;
        return true;
    }

    static boolean mallopt(int param, int value) {
        Optional<MethodHandle> h = Linker.nativeLinker().defaultLookup().find("mallopt").map(addr -> Linker.nativeLinker()
                .downcallHandle(addr, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        if (h.isEmpty()) return false;
        try {
            return (int) h.get().invokeExact(param, value) == 1;
        } catch (Throwable t) {
            return false;
        }
    }
}
