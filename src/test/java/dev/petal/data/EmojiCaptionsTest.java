package dev.petal.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmojiCaptionsTest {
    static Emoji emoji(String name, String shortName, String subcategory, String... tones) {
        return new Emoji(shortName + ".png", shortName, name, "Smileys & Emotion", subcategory, 1, List.of(tones));
    }

    static String caption(String name, String shortName, String subcategory, String... tones) {
        return EmojiCaptions.caption(emoji(name, shortName, subcategory, tones));
    }

    @Test
    void captionsAreLowercasePhrasesWithArticles() {
        assertEquals("an emoji of a grinning cat face with smiling eyes", caption("GRINNING CAT FACE WITH SMILING EYES", "smile_cat", "cat-face"));
        assertEquals("an emoji of an umbrella", caption("UMBRELLA", "umbrella", "sky & weather"));
        assertEquals("an emoji of an hourglass", caption("HOURGLASS", "hourglass", "time"));
        assertEquals("an emoji of a unicorn face", caption("UNICORN FACE", "unicorn_face", "animal-mammal"));
        assertEquals("an emoji of a european castle", caption("EUROPEAN CASTLE", "european_castle", "place-building"));
        assertEquals("an emoji of a face holding back tears", caption("FACE HOLDING BACK TEARS", "face_holding_back_tears", "face-concerned"));
        assertEquals("an emoji of a person lifting weights", caption("PERSON LIFTING WEIGHTS", "weight_lifter", "person-sport"));
    }

    @Test
    void pluralsAndMassNounsTakeNoArticle() {
        assertEquals("an emoji of grapes", caption("GRAPES", "grapes", "food-fruit"));
        assertEquals("an emoji of two hearts", caption("TWO HEARTS", "two_hearts", "heart"));
        assertEquals("an emoji of men wrestling", caption("MEN WRESTLING", "man-wrestling", "person-sport"));
        assertEquals("an emoji of fire", caption("FIRE", "fire", "sky & weather"));
        assertEquals("an emoji of woman's boots", caption("WOMANS BOOTS", "boot", "clothing"));
        assertEquals("an emoji of a cactus", caption("CACTUS", "cactus", "plant-other"));
        assertEquals("an emoji of a dress", caption("DRESS", "dress", "clothing"));
        assertEquals("an emoji of a four leaf clover", caption("FOUR LEAF CLOVER", "four_leaf_clover", "plant-other"));
    }

    @Test
    void catalogueNameFormsAreRewritten() {
        assertEquals("an emoji of the flag of spain", caption("Spain Flag", "es", "country-flag"));
        assertEquals("an emoji of a man with red hair", caption("MAN: RED HAIR", "red_haired_man", "person"));
        assertEquals("an emoji of a bald woman", caption("WOMAN: BALD", "bald_woman", "person"));
        assertEquals("an emoji of a kiss of a woman and a man", caption("KISS: WOMAN, MAN", "woman-kiss-man", "family"));
        assertEquals("an emoji of a family of a man, a woman, a girl and a boy", caption("FAMILY: MAN, WOMAN, GIRL, BOY", "man-woman-girl-boy", "family"));
        assertEquals("an emoji of a clock face twelve o'clock", caption("CLOCK FACE TWELVE OCLOCK", "clock12", "time"));
        assertEquals("an emoji of a leo zodiac sign", caption("LEO", "leo", "zodiac"));
        assertEquals("an emoji of an aries zodiac sign", caption("ARIES", "aries", "zodiac"));
    }

    @Test
    void misleadingNamesAreReplaced() {
        assertEquals("an emoji of a red heart", caption("HEAVY BLACK HEART", "heart", "heart"));
        assertEquals("an emoji of a black heart", caption("BLACK HEART", "black_heart", "heart"));
        assertEquals("an emoji of a japanese passing grade button", caption("SQUARED CJK UNIFIED IDEOGRAPH-5408", "u5408", "alphanum"));
        assertEquals("an emoji of an ng button", caption("SQUARED NG", "ng", "alphanum"));
        assertEquals("an emoji of scissors", caption("BLACK SCISSORS", "scissors", "office"));
    }

    @Test
    void skinTonesAreCaptionedConsistently() {
        assertEquals("an emoji of a waving hand sign", caption("WAVING HAND SIGN", "wave", "hand-fingers-open"));
        assertEquals("an emoji of a waving hand sign, medium skin tone", caption("WAVING HAND SIGN", "wave", "hand-fingers-open", "1F3FD"));
        assertEquals("an emoji of a handshake, light and dark skin tones", caption("HANDSHAKE", "handshake", "hands", "1F3FB", "1F3FF"));
        assertEquals("an emoji of a handshake, medium-light skin tone", caption("HANDSHAKE", "handshake", "hands", "1F3FC", "1F3FC"));
        assertEquals("an emoji of people holding hands, medium-dark skin tone", caption("PEOPLE HOLDING HANDS", "people_holding_hands", "family", "1F3FE"));
        assertThrows(IllegalArgumentException.class, () -> caption("WAVING HAND SIGN", "wave", "hand-fingers-open", "1F600"));
    }

    @Test
    void corePhraseStopsAtModifiers() {
        assertEquals("grinning cat face", EmojiCaptions.core("grinning cat face with smiling eyes"));
        assertEquals("man", EmojiCaptions.core("man in tuxedo"));
        assertEquals("kiss", EmojiCaptions.core("kiss of a woman and a man"));
        assertEquals("umbrella", EmojiCaptions.core("umbrella"));
    }
}
