package dev.petal.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmojiSplitsTest {
    @Test
    void splitsAreFixedByBaseName() {
        // pinned: changing the hash would silently move emoji between train and held-out sets
        assertEquals(EmojiSplits.TRAIN, EmojiSplits.of("smile_cat"));
        assertEquals(EmojiSplits.TEST, EmojiSplits.of("laughing"));
        assertEquals(EmojiSplits.TEST, EmojiSplits.of("kissing"));
        assertEquals(EmojiSplits.TRAIN, EmojiSplits.of("grinning"));
        for (int i = 0; i < 100; i++) assertEquals(EmojiSplits.of("e" + i), EmojiSplits.of("e" + i));
    }

    @Test
    void aboutTenPercentIsHeldOut() {
        long held = IntStream.range(0, 5000).filter(i -> EmojiSplits.of("emoji_" + i).equals(EmojiSplits.TEST)).count();
        assertTrue(held > 400 && held < 600, held + " of 5000 held out");
    }

    @Test
    void skinToneVariantsShareTheirBaseSplitAndOrder() {
        Emoji base = new Emoji("1f44b.png", "wave", "WAVING HAND SIGN", "People & Body", "hand-fingers-open", 1, List.of());
        Emoji tone = new Emoji("1f44b-1f3fd.png", "wave", "WAVING HAND SIGN", "People & Body", "hand-fingers-open", 1, List.of("1F3FD"));
        assertEquals(EmojiSplits.of(base), EmojiSplits.of(tone));
        List<Emoji> list = new ArrayList<>(List.of(tone, base));
        list.sort(EmojiSplits.ORDER);
        assertEquals(List.of(base, tone), list);
    }
}
