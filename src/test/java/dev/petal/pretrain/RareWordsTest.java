package dev.petal.pretrain;

import dev.petal.models.clip.ClipTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RareWordsTest {
    private static final List<String> CAPTIONS = List.of("an emoji of a grinning face", "an emoji of a red apple",
            "an emoji of a woman health worker: medium skin tone");

    @Test
    void thePoolHoldsVocabularyWordsTheCaptionsNeverUseAndNoIdentifier() {
        RareWords r = RareWords.absentFrom(CAPTIONS, ClipTokenizer.bundled());
        assertTrue(r.size() > 10_000, "most of CLIP's 49k-token vocabulary: " + r.size());
        assertTrue(r.contains("zebra") && r.contains("guitar"));
        for (String used : List.of("emoji", "face", "apple", "woman", "skin", "tone", "medium")) assertFalse(r.contains(used), used);
        assertFalse(r.contains("sks"), "the subjects' identifier stays unseen");
    }

    @Test
    void aVariantIsTheCaptionWithOneRareWordAfterTheFirstWord() {
        RareWords r = RareWords.absentFrom(CAPTIONS, ClipTokenizer.bundled());
        Random random = new Random(3);
        for (int k = 0; k < 200; k++) {
            String caption = CAPTIONS.get(k % CAPTIONS.size());
            List<String> words = Arrays.asList(caption.split(" "));
            List<String> v = new ArrayList<>(Arrays.asList(r.insertInto(caption, random).split(" ")));
            assertEquals(words.size() + 1, v.size());
            assertEquals(words.get(0), v.get(0));
            String added = null;
            for (int i = 0; i < v.size(); i++) {
                if (i >= words.size() || !v.get(i).equals(words.get(i))) {
                    added = v.remove(i);
                    break;
                }
            }
            assertEquals(words, v, "only one word was inserted");
            assertTrue(r.contains(added), added);
        }
        assertEquals(r.variants(CAPTIONS, 7), r.variants(CAPTIONS, 7), "the same seed draws the same variants");
        assertNotEquals(r.variants(CAPTIONS, 7), r.variants(CAPTIONS, 8));
    }
}
