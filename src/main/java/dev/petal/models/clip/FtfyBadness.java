/*
 * Translated to Java from ftfy 6.3.1 (ftfy/badness.py and the UTF8_CLUES table of ftfy/chardata.py),
 * Copyright 2023 Robyn Speer, licensed under the Apache License, Version 2.0; see NOTICE-ftfy and
 * LICENSE-Apache-2.0.txt next to the vocabulary resources. Changes: Java regular expressions built from the
 * same character categories; nothing else.
 */
package dev.petal.models.clip;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ftfy's mojibake heuristic: {@link #isBad} says whether a text contains character sequences that are far more
 * likely to be mis-decoded UTF-8 than intended text, and {@link #UTF8_DETECTOR} finds runs that look like
 * UTF-8 read in a single-byte encoding. The character categories and the rules are ftfy's, unchanged.
 */
final class FtfyBadness {
    private FtfyBadness() {
    }

    /** Python's {@code \s} for str patterns (str.isspace) and {@code \w} (str.isalnum() or '_'). */
    static final String PY_SPACE = "[\\p{IsWhite_Space}\\x{1c}-\\x{1f}]";
    private static final String PY_WORD = "[\\p{L}\\p{N}_]";

    /** ftfy's MOJIBAKE_CATEGORIES and UTF8_CLUES: regex character-class bodies ("a-b" is a range). */
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("common", "\u00a0\u00ad·´–—―…’"),
            Map.entry("c1", "\u0080-\u009f"),
            Map.entry("bad", "¦¤¨¬¯¸ƒˆˇ˘˛˜†‡‰⌐◊\ufffdªº"),
            Map.entry("law", "¶§"),
            Map.entry("currency", "¢£¥₧€"),
            Map.entry("start_punctuation", "¡«¿©΄΅‘‚“„•‹\uf8ff"),
            Map.entry("end_punctuation", "®»˝”›™"),
            Map.entry("numeric", "²³¹±¼½¾×µ÷⁄∂∆∏∑√∞∩∫≈≠≡≤≥№"),
            Map.entry("kaomoji", "Ò-ÖÙ-Üò-öø-üŐŌŪŲ°"),
            Map.entry("upper_accented", "À-ÑØÜÝĂĀĄĆČĎĐĘĚĒĖĞĢİĪĶĹĽŁĻŃŇŅŒŘŚŞŠŢŤŮŰŸŹŻŽҐ"),
            Map.entry("lower_accented", "ßà-ñăąāćčďđęěēėğģįīķĺľłļœŕśşšťüźżžґﬁﬂ"),
            Map.entry("upper_common", "ÞΑ-ΩΆΈΉΊΌΎΏΪΫЁ-Я"),
            Map.entry("lower_common", "α-ωάέήίΰа-џ"),
            Map.entry("box", "│┌┐┘├┤┬┼═-╬▀▄█▌▐░▒▓"),
            Map.entry("utf8_first_of_2", "ĂÂÄĀÅÃÆĆČÇĎĐÉĚÊËĖÈĒĘÐĞĢÍÎÏİÌĪĶĹĻŁŃŇŅÑÓÔÖŐÒŌØÕŘŚŠŞŢÞÚÛÜŰÙŪŲŮÝŹŽŻß×"
                    + "ΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΪΫάέήίВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"),
            Map.entry("utf8_first_of_3", "áăâäàāąåãæćčçďéěêëėèēęęģíîïìīįķĺļŕźΰαβγδεζηθικλμνξοабвгдежзийклмноп"),
            Map.entry("utf8_first_of_4", "đðğóšπσру"),
            Map.entry("utf8_continuation", "\u0080-¿\u0020ĄÆĽŁØŖŚŠŞŤŸŹŽŻŒąæƒľłøŗśšşťźžżœˆˇ˘˛˜˝΄΅ΆΈΉΊΌΎΏЁЂЃЄЅІЇЈЉЊЋЌЎЏ"
                    + "ёђѓєѕіїјљњћќўџҐґ–—―‘’‚“”„†‡•…‰‹›€№™"),
            Map.entry("utf8_continuation_strict", "\u0080-¿ĄÆĽŁØŖŚŠŞŤŸŹŽŻŒąæƒľłøŗśšşťźžżœˆˇ˘˛˜˝΄΅ΆΈΉΊΌΎΏЁЂЃЄЅІЇЈЉЊЋЌЎЏ"
                    + "ёђѓєѕіїјљњћќўџҐґ†‡‰‹›€№™"));

    /** The alternatives of ftfy's BADNESS_RE, in its order; {name} stands for a category above. */
    private static final List<String> BADNESS_RULES = List.of(
            "[{c1}]",
            "[{bad}{lower_accented}{upper_accented}{box}{start_punctuation}{end_punctuation}{currency}{numeric}{law}][{bad}]",
            "[a-zA-Z][{lower_common}{upper_common}][{bad}]",
            "[{bad}][{lower_accented}{upper_accented}{box}{start_punctuation}{end_punctuation}{currency}{numeric}{law}]",
            "[{lower_accented}{lower_common}{box}{end_punctuation}{currency}{numeric}][{upper_accented}]",
            "[{box}{end_punctuation}{currency}{numeric}][{lower_accented}]",
            "[{lower_accented}{box}{end_punctuation}][{currency}]",
            PY_SPACE + "[{upper_accented}][{currency}]",
            "[{upper_accented}{box}][{numeric}{law}]",
            "[{lower_accented}{upper_accented}{box}{currency}{end_punctuation}][{start_punctuation}][{numeric}]",
            "[{lower_accented}{upper_accented}{currency}{numeric}{box}{law}][{end_punctuation}][{start_punctuation}]",
            "[{currency}{numeric}{box}][{start_punctuation}]",
            "[a-z][{upper_accented}][{start_punctuation}{currency}]",
            "[{box}][{kaomoji}]",
            "[{lower_accented}{upper_accented}{currency}{numeric}{start_punctuation}{end_punctuation}{law}][{box}]",
            "[{box}][{end_punctuation}]",
            "[{lower_accented}{upper_accented}][{start_punctuation}{end_punctuation}]" + PY_WORD,
            // the ligature œ when not followed by an unaccented Latin letter
            "[Œœ][^A-Za-z]",
            // degree signs after capital letters
            "[{upper_accented}]°",
            // common Windows-1252 2-character mojibake that isn't covered by the cases above
            "[ÂÃÎÐ][€œŠš¢£Ÿž\u00a0\u00ad®©°·»{start_punctuation}{end_punctuation}–—´]",
            "×[²³]",
            // Windows-1252 mojibake of Arabic words: four characters
            "[ØÙ][{common}{currency}{bad}{numeric}{start_punctuation}ŸŠ®°µ»]"
                    + "[ØÙ][{common}{currency}{bad}{numeric}{start_punctuation}ŸŠ®°µ»]",
            // Windows-1252 mojibake that starts 3-character sequences for some South Asian alphabets
            "à[²µ¹¼½¾]",
            // MacRoman mojibake that isn't covered by the cases above
            "√[±∂†≠®™´≤≥¥µø]",
            "≈[°¢]",
            "‚Ä[ìîïòôúùû†°¢π]",
            "‚[âó][àä°ê]",
            // Windows-1251 mojibake of characters in the U+2000 range
            "вЂ",
            // Windows-1251 mojibake of Latin-1 characters and/or the Cyrillic alphabet
            "[ВГРС][{c1}{bad}{start_punctuation}{end_punctuation}{currency}°µ][ВГРС]",
            "ГўВЂВ.[A-Za-z ]",
            // Windows-1252 encodings of 'à' and 'á', as well as \xa0 itself
            "Ã[\u00a0¡]",
            "[a-z]" + PY_SPACE + "?[ÃÂ][ ]",
            "^[ÃÂ][ ]",
            // Â preceding a character as an encoding of exactly the same character
            "[a-z.,?!{end_punctuation}]Â[ {start_punctuation}{end_punctuation}]",
            // Windows-1253 mojibake of characters in the U+2000 range
            "β€[™\u00a0Ά\u00ad®°]",
            // Windows-1253 mojibake of Latin-1 characters and/or the Greek alphabet
            "[ΒΓΞΟ][{c1}{bad}{start_punctuation}{end_punctuation}{currency}°][ΒΓΞΟ]",
            // Windows-1257 mojibake of characters in the U+2000 range
            "ā€");

    private static final Pattern BADNESS = Pattern.compile(
            String.join("|", BADNESS_RULES.stream().map(FtfyBadness::expand).toList()), Pattern.UNIX_LINES);

    /** ftfy's UTF8_DETECTOR_RE: runs of characters that look like UTF-8 sequences read as a single-byte encoding. */
    static final Pattern UTF8_DETECTOR = Pattern.compile(expand(
            "(?<![{utf8_continuation_strict}])("
                    + "[{utf8_first_of_2}][{utf8_continuation}]"
                    + "|[{utf8_first_of_3}][{utf8_continuation}]{2}"
                    + "|[{utf8_first_of_4}][{utf8_continuation}]{3})+"), Pattern.UNIX_LINES);

    /** True if the text contains a sequence that looks like mojibake (ftfy's {@code is_bad}). */
    static boolean isBad(String text) {
        return BADNESS.matcher(text).find();
    }

    /** Replaces each {name} by its category; quantifiers such as {2} and escapes such as \\x{1c} stay. */
    private static String expand(String rule) {
        return Pattern.compile("\\{([a-z][a-z0-9_]*)}").matcher(rule).replaceAll(m -> {
            String body = CATEGORIES.get(m.group(1));
            if (body == null) throw new IllegalStateException("unknown character category " + m.group(1));
            return Matcher.quoteReplacement(body);
        });
    }
}
