package dev.petal.models.clip;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text normalisation that transformers' {@code CLIPTokenizer} applies before splitting into words:
 * {@code whitespace_clean(ftfy.fix_text(text)).lower()}.
 *
 * <p>{@code fix_text} is a Java translation of ftfy 6.3.1's default pipeline, repeated until the text stops
 * changing: HTML entity decoding (skipped from the first line that contains '<'), mojibake repair (UTF-8 that
 * was decoded as Latin-1, Windows-1250..1254/1257, ISO-8859-2, MacRoman or CP437, detected with ftfy's
 * "badness" heuristic; also partial mojibake, lost 0xA0 bytes and C1 controls), Latin ligature splitting,
 * fullwidth/halfwidth folding, curly quotes to straight ones, line breaks to {@code \n}, removal of lone
 * surrogates, terminal escapes and invisible control characters, then NFC.
 * Then runs of Unicode white space become one space, the ends are stripped, and the text is lower-cased.
 */
public final class ClipTextCleaner {
    private ClipTextCleaner() {
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\p{IsWhite_Space}+");

    /** The cleaned, lower-cased text that is split into words and byte-pair encoded. */
    public static String clean(String text) {
        return pythonLower(pythonStrip(WHITESPACE.matcher(FtfyText.fixText(text)).replaceAll(" ")));
    }

    /** ftfy's {@code fix_text} with default settings (see the class comment). */
    public static String fixText(String text) {
        return FtfyText.fixText(text);
    }

    /** Python's {@code str.strip()}: removes characters for which {@code str.isspace()} is true. */
    static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) start++;
        while (end > start && isPythonSpace(text.charAt(end - 1))) end--;
        return text.substring(start, end);
    }

    /**
     * Python's {@code str.lower()}. Java's {@code toLowerCase(Locale.ROOT)} gives the same except for capital sigma,
     * where Java's final-sigma test differs from Unicode's (e.g. in "b_Σ" or "2Σ"): Σ becomes ς only if a cased
     * letter precedes it and none follows it, skipping case-ignorable characters on both sides.
     */
    static String pythonLower(String text) {
        int sigma = text.indexOf('\u03a3');
        if (sigma < 0) return text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        for (; sigma >= 0; sigma = text.indexOf('\u03a3', start)) {
            out.append(text.substring(start, sigma).toLowerCase(Locale.ROOT));
            out.append(isFinalSigma(text, sigma) ? '\u03c2' : '\u03c3');
            start = sigma + 1;
        }
        return out.append(text.substring(start).toLowerCase(Locale.ROOT)).toString();
    }

    private static boolean isFinalSigma(String text, int index) {
        int before = index;
        while (before > 0 && isCaseIgnorable(text.codePointBefore(before))) before -= Character.charCount(text.codePointBefore(before));
        if (before == 0 || !isCased(text.codePointBefore(before))) return false;
        int after = index + 1;
        while (after < text.length() && isCaseIgnorable(text.codePointAt(after))) after += Character.charCount(text.codePointAt(after));
        return after == text.length() || !isCased(text.codePointAt(after));
    }

    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk, and the word-break classes MidLetter, MidNumLet, Single_Quote. */
    private static boolean isCaseIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.MODIFIER_LETTER,
                 Character.MODIFIER_SYMBOL -> true;
            default -> "'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a"
                    .indexOf(cp) >= 0;
        };
    }

    private static boolean isPythonSpace(char c) {
        return (c >= 0x1c && c <= 0x1f) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == 0x85;
    }
}
