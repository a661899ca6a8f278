package dev.petal.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Captions from emoji names: {@code "an emoji of " + article + name}, all lowercase.
 *
 * <ul>
 *   <li>Names come from emoji-datasource; a few misleading or empty ones are replaced from {@code emoji-names.tsv}
 *       (CLDR names: ❤ is a "red heart", not a "heavy black heart").</li>
 *   <li>"MAN: RED HAIR" → "man with red hair", "WOMAN: BALD" → "bald woman", "KISS: WOMAN, MAN" → "kiss of a woman
 *       and a man", "Spain Flag" → "the flag of spain", "LEO" → "leo zodiac sign", OCLOCK → o'clock.</li>
 *   <li>Articles: "a"/"an" by sound ("an umbrella", "a unicorn face"), chosen by the head noun of the name
 *       ("person lifting weights" is a person); none for plurals ("grapes", "two hearts", "men wrestling") and mass
 *       nouns ("fire", "spaghetti"); "the" for country flags.</li>
 *   <li>Skin tones are captioned, after a comma, with the CLDR tone names: "…, medium-dark skin tone"; two different
 *       tones (couples): "…, light and dark skin tones". The base (yellow) emoji has no tone phrase.</li>
 * </ul>
 */
public final class EmojiCaptions {
    public static final String PREFIX = "an emoji of ";

    private static final Map<String, String> NAMES = loadNames();
    private static final Map<String, String> TONES = Map.of("1F3FB", "light", "1F3FC", "medium-light", "1F3FD", "medium",
            "1F3FE", "medium-dark", "1F3FF", "dark");
    private static final Map<String, String> WORD_FIXES = Map.of("oclock", "o'clock", "womans", "woman's",
            "mans", "man's", "mens", "men's", "womens", "women's");
    private static final Set<String> IRREGULAR_PLURALS = Set.of("men", "women", "people", "children");
    /** Words for people: in "person lifting weights" the person, not the weights, takes the article. */
    static final Set<String> PEOPLE = Set.of("person", "man", "woman", "men", "women", "people", "boy", "girl", "child", "adult");
    /** Heads that come first: "face holding back tears" is a face. */
    static final Set<String> FIRST_HEADS = Set.of("face");
    private static final Set<String> MASS = Set.of("fire", "fog", "spaghetti", "bread", "sushi", "popcorn", "oden",
            "bacon", "butter", "broccoli", "garlic", "wood", "meat", "curry", "rice", "cooking", "camping", "bowling",
            "juggling", "handball", "billiards", "breast-feeding", "fondue", "luggage", "money");
    private static final Set<String> SINGULAR_S = Set.of("canvas", "gas", "lens", "atlas", "fleur-de-lis", "rhinoceros", "christmas");
    /** Where a name's head phrase ends: "grinning cat face | with smiling eyes". */
    private static final Pattern CORE_END = Pattern.compile(" (with|without|of|on|in|behind|for|and|facing) |, |: ");

    private EmojiCaptions() {
    }

    /** The full caption, e.g. "an emoji of a grinning cat face with smiling eyes". */
    public static String caption(Emoji e) {
        String d = describe(e);
        return PREFIX + (NAMES.getOrDefault(e.baseName(), "").startsWith("=") ? d : withArticle(d));
    }

    /** The emoji's name as a lowercase phrase without article, with its skin-tone phrase. */
    public static String describe(Emoji e) {
        return name(e) + tonePhrase(e.skinTones());
    }

    /** The base emoji's name as a lowercase phrase without article (no skin tone). */
    public static String name(Emoji e) {
        String fixed = NAMES.get(e.baseName());
        if (fixed != null) return fixed.startsWith("=") ? fixed.substring(1) : fixed;
        String n = e.name().trim();
        if (e.subcategory().endsWith("-flag") && n.endsWith(" Flag")) n = "flag of " + n.substring(0, n.length() - 5);
        n = n.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (e.subcategory().equals("zodiac")) n += " zodiac sign";
        int colon = n.indexOf(": ");
        if (colon > 0) n = colonPhrase(n.substring(0, colon), n.substring(colon + 2));
        StringBuilder out = new StringBuilder();
        for (String w : n.split(" ")) out.append(out.isEmpty() ? "" : " ").append(WORD_FIXES.getOrDefault(w, w));
        return out.toString();
    }

    /** "man: red hair" → "man with red hair"; "woman: bald" → "bald woman"; "kiss: woman, man" → "kiss of a woman and a man". */
    private static String colonPhrase(String head, String rest) {
        if (rest.equals("bald")) return "bald " + head;
        if (!rest.contains(", ")) return head + " with " + rest;
        List<String> parts = List.of(rest.split(", ")).stream().map(EmojiCaptions::withArticle).toList();
        return head + " of " + join(parts);
    }

    /** "a", "a and b", "a, b and c". */
    static String join(List<String> parts) {
        if (parts.size() == 1) return parts.get(0);
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    static String tonePhrase(List<String> tones) {
        if (tones.isEmpty()) return "";
        List<String> names = tones.stream().distinct().map(t -> {
            String name = TONES.get(t.toUpperCase(Locale.ROOT));
            if (name == null) throw new IllegalArgumentException("unknown skin tone modifier " + t);
            return name;
        }).toList();
        return ", " + join(names) + (names.size() == 1 ? " skin tone" : " skin tones");
    }

    /** The head phrase of a name, before its modifiers: "grinning cat face with smiling eyes" → "grinning cat face". */
    public static String core(String phrase) {
        var m = CORE_END.matcher(phrase);
        return m.find() ? phrase.substring(0, m.start()) : phrase;
    }

    /** Prefixes "a", "an" or "the" as English wants it; nothing for plurals and mass nouns. */
    public static String withArticle(String phrase) {
        if (phrase.startsWith("flag of ")) return "the " + phrase;
        String[] core = core(phrase).split(" ");
        String first = core[0], head = PEOPLE.contains(first) || FIRST_HEADS.contains(first) ? first : core[core.length - 1];
        if (isPlural(head) || MASS.contains(head)) return phrase;
        return (startsWithVowelSound(first) ? "an " : "a ") + phrase;
    }

    static boolean isPlural(String word) {
        if (IRREGULAR_PLURALS.contains(word)) return true;
        if (SINGULAR_S.contains(word) || !word.endsWith("s")) return false;
        if (word.endsWith("sses")) return true;
        return !(word.endsWith("ss") || word.endsWith("us") || word.endsWith("is") || word.endsWith("'s"));
    }

    static boolean startsWithVowelSound(String word) {
        if (word.isEmpty()) return false;
        for (String p : List.of("uni", "use", "usu", "uro", "eu", "ewe", "one", "once", "ufo")) {
            if (word.startsWith(p)) return false;
        }
        for (String p : List.of("hour", "honest", "honor", "x-", "8")) {
            if (word.startsWith(p)) return true;
        }
        return "aeiou".indexOf(word.charAt(0)) >= 0;
    }

    private static Map<String, String> loadNames() {
        var in = EmojiCaptions.class.getResourceAsStream("emoji-names.tsv");
        if (in == null) throw new IllegalStateException("emoji-names.tsv is missing from the classpath");
        Map<String, String> names = new HashMap<>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] kv = line.split("\t");
                if (kv.length != 2) throw new IllegalStateException("emoji-names.tsv: bad line '" + line + "'");
                names.put(kv[0], kv[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(names);
    }
}
