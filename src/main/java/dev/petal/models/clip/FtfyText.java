/*
 * Translated to Java from ftfy 6.3.1 (fix_text and fix_and_explain in ftfy/__init__.py with the default
 * TextFixerConfig, and the fixers of ftfy/fixes.py and tables of ftfy/chardata.py they use),
 * Copyright 2023 Robyn Speer, licensed under the Apache License, Version 2.0; see NOTICE-ftfy and
 * LICENSE-Apache-2.0.txt next to the vocabulary resources. Changes: Java translation of the default
 * configuration only; no explanations.
 */
package dev.petal.models.clip;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** ftfy's {@code fix_text(text)} with its default settings, as transformers' CLIPTokenizer calls it. */
final class FtfyText {
    private FtfyText() {
    }

    private static final int MAX_SEGMENT_CODE_POINTS = 1_000_000;
    private static final Pattern SINGLE_QUOTES = Pattern.compile("[\u02bc\u2018-\u201b]");
    private static final Pattern DOUBLE_QUOTES = Pattern.compile("[\u201c-\u201f]");
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001b\\[((?:\\p{Nd}|;)*)([a-zA-Z])");

    /**
     * Fixes the text line by line. HTML entities are decoded until a line contains '<' (then the text is taken
     * to be HTML, and entities are kept from that line on).
     */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int pos = 0;
        while (pos < text.length()) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            if (text.codePointCount(pos, end) > MAX_SEGMENT_CODE_POINTS) {
                end = text.offsetByCodePoints(pos, MAX_SEGMENT_CODE_POINTS);
            }
            String segment = text.substring(pos, end);
            if (segment.indexOf('<') >= 0) unescapeHtml = false;
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    /** ftfy's fix_and_explain: applies every fixer, in ftfy's order, until nothing changes. */
    static String fixSegment(String text, boolean unescapeHtml) {
        while (true) {
            String original = text;
            if (unescapeHtml) text = HtmlEntities.unescape(text);
            text = FtfyEncoding.fixEncoding(text);
            text = FtfyEncoding.fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = TERMINAL_ESCAPE.matcher(text).replaceAll("");
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(original)) return text;
        }
    }

    /** Latin ligatures and legacy digraphs, split into their letters (ftfy's LIGATURES table). */
    static String fixLatinLigatures(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement = switch (text.charAt(i)) {
                case 'Ĳ' -> "IJ";
                case 'ĳ' -> "ij";
                case 'ŉ' -> "ʼn";
                case 'Ǳ' -> "DZ";
                case 'ǲ' -> "Dz";
                case 'ǳ' -> "dz";
                case 'Ǆ' -> "DŽ";
                case 'ǅ' -> "Dž";
                case 'ǆ' -> "dž";
                case 'Ǉ' -> "LJ";
                case 'ǈ' -> "Lj";
                case 'ǉ' -> "lj";
                case 'Ǌ' -> "NJ";
                case 'ǋ' -> "Nj";
                case 'ǌ' -> "nj";
                case 'ﬀ' -> "ff";
                case 'ﬁ' -> "fi";
                case 'ﬂ' -> "fl";
                case 'ﬃ' -> "ffi";
                case 'ﬄ' -> "ffl";
                case 'ﬅ' -> "ſt";
                case 'ﬆ' -> "st";
                default -> null;
            };
            out = append(out, text, i, replacement);
        }
        return out == null ? text : out.toString();
    }

    /**
     * Fullwidth ASCII and halfwidth Katakana / Hangul (U+FF01..U+FFEF) to their NFKC forms, and the ideographic
     * space U+3000 to a space (ftfy's WIDTH_MAP).
     */
    static String fixCharacterWidth(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\u3000') {
                replacement = " ";
            } else if (c >= '\uff01' && c < '\ufff0') {
                String nfkc = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
                if (!nfkc.equals(String.valueOf(c))) replacement = nfkc;
            }
            out = append(out, text, i, replacement);
        }
        return out == null ? text : out.toString();
    }

    static String uncurlQuotes(String text) {
        return SINGLE_QUOTES.matcher(DOUBLE_QUOTES.matcher(text).replaceAll("\"")).replaceAll("'");
    }

    static String fixLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /** Unpaired UTF-16 surrogates become U+FFFD (paired ones already are one code point in Java). */
    static String fixSurrogates(String text) {
        if (text.chars().noneMatch(c -> Character.isSurrogate((char) c))) return text;
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xffff ? 0xfffd : cp));
        return out.toString();
    }

    /** Removes C0 controls other than \t \n \f \r, DEL, deprecated Arabic format controls, U+FEFF, U+FFF9..U+FFFC. */
    static String removeControlChars(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1f) || c == 0x7f
                    || (c >= 0x206a && c <= 0x206f) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffc);
            out = append(out, text, i, control ? "" : null);
        }
        return out == null ? text : out.toString();
    }

    /** Copy-on-write helper: appends text[i] or its replacement, creating the builder at the first change. */
    private static StringBuilder append(StringBuilder out, String text, int i, String replacement) {
        if (replacement == null) {
            if (out != null) out.append(text.charAt(i));
            return out;
        }
        if (out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
        return out.append(replacement);
    }
}
