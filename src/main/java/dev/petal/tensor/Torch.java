package dev.petal.tensor;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.pytorch.global.torch;

/**
 * Start-up of the libtorch backend. Call {@link #init()} before touching any torch class (every Petal entry
 * point does): it extracts the natives before the loader can pick up a system-wide libtorch (the cold-cache
 * crash), and applies the thread settings measured fastest on this kind of machine.
 *
 * <p>Threads: torch uses {@code petal.threads} (default: all cores) intra-op threads; OpenBLAS gets
 * {@code petal.blas.threads} (default 1), since OpenBLAS's own pool oversubscribes the cores torch already
 * uses. The allocator (jemalloc with retention) is chosen by the launcher before the JVM starts.
 */
public final class Torch {
    private static volatile boolean initialised;
    private static int threads;
    private static int blasThreads;

    private Torch() {
    }

    public static synchronized void init() {
        if (initialised) return;
        try {
            Loader.cacheResources("/org/bytedeco/pytorch/" + Loader.getPlatform() + "/");
        } catch (Exception e) {
            throw new IllegalStateException("cannot extract the libtorch natives for " + Loader.getPlatform()
                    + " (is the pytorch classifier jar for this platform on the class path?)", e);
        }
        threads = Integer.getInteger("petal.threads", Runtime.getRuntime().availableProcessors());
        blasThreads = Integer.getInteger("petal.blas.threads", 1);
        Loader.load(openblas.class);
        openblas.blas_set_num_threads(blasThreads);
        torch.set_num_threads(threads);
        initialised = true;
    }

    public static int threads() {
        init();
        return threads;
    }

    public static int blasThreads() {
        init();
        return blasThreads;
    }

    /** Seeds libtorch's global generators (CPU and, when present, CUDA): same seed, same numbers. */
    public static void seed(long seed) {
        init();
        torch.manual_seed(seed);
    }

    /** The allocator the process runs with, as set by the launcher (for reports). */
    public static String allocator() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null && preload.contains("jemalloc")) {
            String conf = System.getenv("MALLOC_CONF");
            return "jemalloc" + (conf == null ? "" : " (" + conf + ")");
        }
        return "glibc malloc";
    }

    public static boolean cudaAvailable() {
        init();
        return torch.cuda_is_available();
    }

    public static String version() {
        String javacpp;
        try {
            javacpp = Loader.getVersion();
        } catch (java.io.IOException e) {
            javacpp = "?";
        }
        return "libtorch 2.10.0 (JavaCPP " + javacpp + ", " + Loader.getPlatform() + ")";
    }
}
