package dev.petal.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;

/**
 * Fixed train / held-out splits. An emoji is held out when a hash of its base name falls in the lowest
 * {@value #HELD_OUT_PERCENT} %: the same emoji is held out in every style and with all its skin tones, and the split
 * does not depend on which other emoji a catalogue version has.
 */
public final class EmojiSplits {
    public static final String TRAIN = "train";
    /** The held-out split; named "test" as Hugging Face imagefolder expects. */
    public static final String TEST = "test";
    public static final int HELD_OUT_PERCENT = 10;

    /** A fixed pseudo-random order of emoji (by hash); a capped split takes its first emoji in this order. */
    public static final Comparator<Emoji> ORDER = Comparator.<Emoji>comparingLong(e -> hash(e.baseName()))
            .thenComparing(Emoji::baseName).thenComparingInt(e -> e.skinTones().size()).thenComparing(Emoji::image);

    private EmojiSplits() {
    }

    public static String of(String baseName) {
        return Long.remainderUnsigned(hash(baseName), 100) < HELD_OUT_PERCENT ? TEST : TRAIN;
    }

    public static String of(Emoji e) {
        return of(e.baseName());
    }

    /** The first 8 bytes of SHA-256("petal-emoji:" + base name), as a non-negative long. */
    static long hash(String baseName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("petal-emoji:" + baseName).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong() >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
