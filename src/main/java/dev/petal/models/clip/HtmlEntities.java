/*
 * Translated to Java from ftfy 6.3.1 (fixes.unescape_html, chardata.HTML_ENTITIES) and the numeric
 * character-reference rules of Python's html.unescape. ftfy is Copyright 2023 Robyn Speer, licensed under the
 * Apache License, Version 2.0; see NOTICE-ftfy and LICENSE-Apache-2.0.txt next to the vocabulary resources.
 * Changes: Java translation; the entity table is loaded from html-entities.tsv.
 */
package dev.petal.models.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ftfy's {@code unescape_html}: decodes {@code &name;}, {@code &#123;} and {@code &#x1F;} (semicolon required). */
final class HtmlEntities {
    private HtmlEntities() {
    }

    private static final Pattern ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");
    private static final Pattern DECIMAL = Pattern.compile("&#([0-9]+);");
    private static final Pattern HEX = Pattern.compile("&#[xX]([0-9a-fA-F]+);");
    private static final Map<String, String> NAMED = load("html-entities.tsv");

    /** html.unescape's replacements for references to C0/C1 code points (Windows-1252 for 0x80-0x9F). */
    private static final String C1_AS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

    static String unescape(String text) {
        if (text.indexOf('&') < 0) return text;
        return ENTITY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement(m.group())));
    }

    private static String replacement(String entity) {
        String named = NAMED.get(entity);
        if (named != null) return named;
        Matcher dec = DECIMAL.matcher(entity);
        Matcher hex = HEX.matcher(entity);
        BigInteger value;
        if (dec.matches()) value = new BigInteger(dec.group(1));
        else if (hex.matches()) value = new BigInteger(hex.group(1), 16);
        else return entity; // html.unescape would decode only a prefix, leaving the ';': ftfy keeps the original
        String decoded = codePointReference(value);
        return decoded.contains(";") ? entity : decoded;
    }

    /** What html.unescape makes of a numeric character reference. */
    private static String codePointReference(BigInteger value) {
        if (value.bitLength() > 31) return "\ufffd";
        int cp = value.intValue();
        if (cp == 0) return "\ufffd";
        if (cp == 0x0d) return "\r";
        if (cp >= 0x80 && cp <= 0x9f) return String.valueOf(C1_AS_1252.charAt(cp - 0x80));
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return "\ufffd";
        boolean invalid = (cp >= 0x01 && cp <= 0x08) || cp == 0x0b || (cp >= 0x0e && cp <= 0x1f) || cp == 0x7f
                || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
        return invalid ? "" : Character.toString(cp);
    }

    private static Map<String, String> load(String resource) {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = HtmlEntities.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split("\t");
                StringBuilder value = new StringBuilder();
                for (String hexCp : parts[1].split(" ")) value.appendCodePoint(Integer.parseInt(hexCp, 16));
                map.put("&" + parts[0] + ";", value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
