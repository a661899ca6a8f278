package dev.petal.pretrain;

import dev.petal.models.clip.ClipTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Caption variants with one word the training captions never use, for pretraining the UNet.
 * <p>
 * DreamBooth binds a subject to a rare identifier ("a sks dog") and relies on the base model drawing an ordinary
 * dog for it before training. Real SD does, because its text encoder has read the whole web. A text encoder
 * pretrained on a few thousand emoji captions has never seen "sks": its embedding is an untrained row, the
 * encoder's output for "an emoji of a sks woman" is far from anything the UNet learnt, and the base draws noise
 * for it (measured: "an emoji of a woman" draws women, "… sks woman", "… zwx woman", "… woman sks" draw mush).
 * Training the UNet on captions with such a word inserted teaches it what SD knows for free: an unknown word
 * leaves the picture alone. The words come from the CLIP vocabulary minus every word of the captions and minus
 * {@link #IDENTIFIERS}, which stay unseen so that personalization starts from a true rare token.
 */
public final class RareWords {
    /** Identifiers Petal's personalization subjects use; never inserted. */
    public static final Set<String> IDENTIFIERS = Set.of("sks");
    private static final Pattern WORD = Pattern.compile("[a-z]{3,8}");

    private final List<String> pool;

    private RareWords(List<String> pool) {
        this.pool = pool;
    }

    /** The whole-word tokens of {@code tokenizer} (3–8 letters) that occur in none of {@code captions}. */
    public static RareWords absentFrom(List<String> captions, ClipTokenizer tokenizer) {
        Set<String> used = new HashSet<>();
        for (String c : captions) used.addAll(Arrays.asList(c.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+")));
        List<String> pool = new ArrayList<>();
        for (String t : tokenizer.vocabulary()) {
            if (!t.endsWith("</w>")) continue;
            String w = t.substring(0, t.length() - 4);
            if (WORD.matcher(w).matches() && !used.contains(w) && !IDENTIFIERS.contains(w)) pool.add(w);
        }
        if (pool.isEmpty()) throw new IllegalArgumentException("no vocabulary word is absent from the captions");
        pool.sort(null); // the vocabulary's iteration order is not specified; the draws must be reproducible
        return new RareWords(List.copyOf(pool));
    }

    public int size() {
        return pool.size();
    }

    public boolean contains(String word) {
        return pool.contains(word);
    }

    /** {@code caption} with one rare word inserted at a random word boundary after the first word. */
    public String insertInto(String caption, Random random) {
        String[] words = caption.trim().split("\\s+");
        String w = pool.get(random.nextInt(pool.size()));
        int at = 1 + random.nextInt(words.length);
        List<String> out = new ArrayList<>(Arrays.asList(words));
        out.add(at, w);
        return String.join(" ", out);
    }

    /** One variant per caption, drawn with {@code seed}. */
    public List<String> variants(List<String> captions, long seed) {
        Random r = new Random(seed);
        return captions.stream().map(c -> insertInto(c, r)).toList();
    }
}
