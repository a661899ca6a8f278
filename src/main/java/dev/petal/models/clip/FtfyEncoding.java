/*
 * Translated to Java from ftfy 6.3.1 (fix_encoding in ftfy/__init__.py, restore_byte_a0,
 * replace_lossy_sequences, decode_inconsistent_utf8 and fix_c1_controls in ftfy/fixes.py, the byte patterns of
 * ftfy/chardata.py, the sloppy and utf-8-variants codecs of ftfy/bad_codecs), Copyright 2023 Robyn Speer,
 * licensed under the Apache License, Version 2.0; see NOTICE-ftfy and LICENSE-Apache-2.0.txt next to the
 * vocabulary resources. Changes: Java translation; byte strings are handled as ISO-8859-1 Java strings; the
 * single-byte tables come from the JDK's charsets (identical to Python's for these ten encodings).
 */
package dev.petal.models.clip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ftfy's {@code fix_encoding}: detects mojibake (UTF-8 decoded as a single-byte encoding) with
 * {@link FtfyBadness#isBad} and undoes it by re-encoding in that single-byte encoding and decoding as UTF-8.
 */
final class FtfyEncoding {
    private FtfyEncoding() {
    }

    /** A single-byte encoding as ftfy uses it; "sloppy" ones map undefined bytes to Latin-1 and 0x1A to U+FFFD. */
    private record Charmap(String name, boolean sloppy, char[] decode, Map<Character, Byte> encode) {
        static Charmap of(String name, String jdkName, boolean sloppy) {
            Charset charset = Charset.forName(jdkName);
            char[] decode = new char[256];
            Map<Character, Byte> encode = new HashMap<>();
            for (int b = 0; b < 256; b++) {
                char c = b < 0x80 ? (char) b : new String(new byte[] {(byte) b}, charset).charAt(0);
                if (sloppy && c == '\ufffd') c = (char) b;
                if (sloppy && b == 0x1a) c = '\ufffd';
                decode[b] = c;
                encode.putIfAbsent(c, (byte) b);
            }
            return new Charmap(name, sloppy, decode, Map.copyOf(encode));
        }

        /** The text's bytes in this encoding, or null if some character has none (ftfy's possible_encoding). */
        String encodeToLatin1String(String text) {
            char[] bytes = new char[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                Byte b = encode.get(text.charAt(i));
                if (b == null) return null;
                bytes[i] = (char) (b & 0xff);
            }
            return new String(bytes);
        }
    }

    /** ftfy's CHARMAP_ENCODINGS, in the order they are tried. */
    private static final List<Charmap> CHARMAPS = List.of(
            Charmap.of("latin-1", "ISO-8859-1", false),
            Charmap.of("sloppy-windows-1252", "windows-1252", true),
            Charmap.of("sloppy-windows-1251", "windows-1251", true),
            Charmap.of("sloppy-windows-1250", "windows-1250", true),
            Charmap.of("sloppy-windows-1253", "windows-1253", true),
            Charmap.of("sloppy-windows-1254", "windows-1254", true),
            Charmap.of("sloppy-windows-1257", "windows-1257", true),
            Charmap.of("iso-8859-2", "ISO-8859-2", false),
            Charmap.of("macroman", "x-MacRoman", false),
            Charmap.of("cp437", "IBM437", false));
    private static final Charmap SLOPPY_1252 = CHARMAPS.get(1);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    // Byte patterns, applied to bytes held as ISO-8859-1 strings.
    private static final Pattern ALTERED_UTF8 = Pattern.compile(
            "[\\xc2\\xc3\\xc5\\xce\\xd0\\xd9][ ]"
                    + "|[\\xe2\\xe3][ ][\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf]"
                    + "|[\\xe0-\\xe3][\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf][ ]"
                    + "|[\\xf0][ ][\\x80-\\xbf][\\x80-\\xbf]"
                    + "|[\\xf0][\\x80-\\xbf][ ][\\x80-\\xbf]"
                    + "|[\\xf0][\\x80-\\xbf][\\x80-\\xbf][ ]");
    private static final Pattern A_GRAVE_WORD = Pattern.compile("\\xc3 (?! |quele|quela|quilo|s )");
    private static final Pattern LOSSY_UTF8 = Pattern.compile(
            "[\\xc2-\\xdf][\\x1a]"
                    + "|[\\xc2-\\xc3][?]"
                    + "|\\xed[\\xa0-\\xaf][\\x1a?]\\xed[\\xb0-\\xbf][\\x1a?\\x80-\\xbf]"
                    + "|\\xed[\\xa0-\\xaf][\\x1a?\\x80-\\xbf]\\xed[\\xb0-\\xbf][\\x1a?]"
                    + "|[\\xe0-\\xef][\\x1a?][\\x1a\\x80-\\xbf]"
                    + "|[\\xe0-\\xef][\\x1a\\x80-\\xbf][\\x1a?]"
                    + "|[\\xf0-\\xf4][\\x1a?][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf]"
                    + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a?][\\x1a\\x80-\\xbf]"
                    + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf][\\x1a?]"
                    + "|\\x1a");
    private static final String UTF8_REPLACEMENT_CHAR = "\u00ef\u00bf\u00bd";
    private static final Pattern C1_CONTROL = Pattern.compile("[\\x80-\\x9f]");

    /** Repeats one fixing step until the text stops changing. */
    static String fixEncoding(String text) {
        while (true) {
            String fixed = fixOneStep(text);
            if (fixed.equals(text)) return fixed;
            text = fixed;
        }
    }

    /** Replaces C1 control characters by their Windows-1252 meaning, as browsers do. */
    static String fixC1Controls(String text) {
        return C1_CONTROL.matcher(text).replaceAll(
                m -> Matcher.quoteReplacement(String.valueOf(SLOPPY_1252.decode[m.group().charAt(0)])));
    }

    private static String fixOneStep(String text) {
        if (text.isEmpty() || text.chars().allMatch(c -> c < 0x80) || !FtfyBadness.isBad(text)) return text;
        String latin1 = null;
        for (Charmap charmap : CHARMAPS) {
            String bytes = charmap.encodeToLatin1String(text);
            if (bytes == null) continue;
            if (charmap == CHARMAPS.getFirst()) latin1 = bytes;
            if (!charmap.name().equals("macroman") && ALTERED_UTF8.matcher(bytes).find()) bytes = restoreByteA0(bytes);
            if (charmap.sloppy()) bytes = LOSSY_UTF8.matcher(bytes).replaceAll(UTF8_REPLACEMENT_CHAR);
            String decoded = decodeUtf8Variants(bytes);
            if (decoded != null) return decoded;
        }
        if (FtfyBadness.UTF8_DETECTOR.matcher(text).find()) {
            String fixed = decodeInconsistentUtf8(text);
            if (!fixed.equals(text)) return fixed;
        }
        if (latin1 != null) {
            // Latin-1 text with C1 controls: assume Windows-1252 was meant (strict: undefined bytes fail)
            String fixed = decodeStrict(latin1, WINDOWS_1252);
            if (fixed != null && !fixed.equals(text)) return fixed;
        }
        if (C1_CONTROL.matcher(text).find()) return fixC1Controls(text);
        return text;
    }

    /** Puts back byte 0xA0 where a program replaced it by a space inside a UTF-8 sequence. */
    private static String restoreByteA0(String bytes) {
        bytes = A_GRAVE_WORD.matcher(bytes).replaceAll("\u00c3\u00a0 ");
        return ALTERED_UTF8.matcher(bytes).replaceAll(m -> m.group().replace(' ', '\u00a0'));
    }

    /** Fixes mojibake found only in parts of the text. */
    private static String decodeInconsistentUtf8(String text) {
        return FtfyBadness.UTF8_DETECTOR.matcher(text).replaceAll(m -> {
            String part = m.group();
            boolean fix = part.length() < text.length() && FtfyBadness.isBad(part);
            return Matcher.quoteReplacement(fix ? fixEncoding(part) : part);
        });
    }

    /**
     * ftfy's "utf-8-variants" decoding: strict UTF-8 that also accepts CESU-8 surrogate pairs and Java's
     * two-byte NUL (C0 80). Returns null if the bytes are not valid.
     */
    private static String decodeUtf8Variants(String bytes) {
        if (bytes.indexOf('\u00ed') >= 0 || bytes.indexOf('\u00c0') >= 0) bytes = normalizeUtf8Variants(bytes);
        return decodeStrict(bytes, StandardCharsets.UTF_8);
    }

    private static String normalizeUtf8Variants(String b) {
        StringBuilder out = new StringBuilder(b.length());
        for (int i = 0; i < b.length(); ) {
            if (b.charAt(i) == 0xc0 && i + 1 < b.length() && b.charAt(i + 1) == 0x80) {
                out.append('\0');
                i += 2;
            } else if (isCesu8Pair(b, i)) {
                int cp = 0x10000 + ((b.charAt(i + 1) & 0x0f) << 16) + ((b.charAt(i + 2) & 0x3f) << 10)
                        + ((b.charAt(i + 4) & 0x0f) << 6) + (b.charAt(i + 5) & 0x3f);
                out.append(new String(Character.toString(cp).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                i += 6;
            } else {
                out.append(b.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean isCesu8Pair(String b, int i) {
        return i + 5 < b.length() && b.charAt(i) == 0xed && in(b.charAt(i + 1), 0xa0, 0xaf) && in(b.charAt(i + 2), 0x80, 0xbf)
                && b.charAt(i + 3) == 0xed && in(b.charAt(i + 4), 0xb0, 0xbf) && in(b.charAt(i + 5), 0x80, 0xbf);
    }

    private static boolean in(char c, int lo, int hi) {
        return c >= lo && c <= hi;
    }

    private static String decodeStrict(String latin1Bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1Bytes.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
