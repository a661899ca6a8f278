package dev.petal.training;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The order in which a data set is visited: an endless stream of per-epoch shuffles of 0..size−1, each shuffle
 * seeded from (seed, epoch, stream). Position g of the stream is always the same example, so a resumed run visits
 * exactly what the uninterrupted run would have; the mirror coin of position g is fixed the same way.
 */
public final class EpochStream {
    private EpochStream() {
    }

    /** Stream positions first..first+n−1. */
    public static int[] draw(int size, long seed, int stream, long first, int n) {
        int[] out = new int[n];
        int[] perm = null;
        long permEpoch = -1;
        for (int k = 0; k < n; k++) {
            long g = first + k;
            long epoch = g / size;
            if (epoch != permEpoch) {
                perm = permutation(size, Trainer.mix(seed, (int) epoch, stream));
                permEpoch = epoch;
            }
            out[k] = perm[(int) (g % size)];
        }
        return out;
    }

    /** Whether stream position g is mirrored (a fixed coin per seed, stream and position). */
    public static boolean flip(long seed, int stream, long g) {
        return new SplittableRandom(Trainer.mix(seed, (int) g, stream)).nextBoolean();
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
