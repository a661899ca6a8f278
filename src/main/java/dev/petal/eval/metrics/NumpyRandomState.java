package dev.petal.eval.metrics;

/**
 * The draws of numpy's legacy {@code np.random.RandomState(seed)} that KID subsets use: MT19937 seeded with
 * {@code init_genrand(seed)}, and {@code choice(n, m, replace=False)} = the first m entries of
 * {@code permutation(n)}, a Fisher–Yates shuffle from the end with numpy's masked rejection sampling
 * ({@code random_interval}). torch-fidelity draws its subsets this way, so the same seed gives the same subsets.
 */
public final class NumpyRandomState {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }

    /** The next 32 random bits (MT19937 genrand_int32), as an unsigned value. */
    public long nextUint32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** numpy's random_interval: uniform in [0, max] by masking and rejection (max < 2³²). */
    long interval(long max) {
        if (max == 0) return 0;
        long mask = max;
        for (int s = 1; s <= 16; s <<= 1) mask |= mask >>> s;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /** {@code permutation(n)}. */
    public int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** {@code choice(n, m, replace=False)}. */
    public int[] choiceWithoutReplacement(int n, int m) {
        if (m > n) throw new IllegalArgumentException("cannot take " + m + " samples from " + n + " without replacement");
        return java.util.Arrays.copyOf(permutation(n), m);
    }
}
