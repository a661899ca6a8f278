package dev.petal.models.clip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-level byte-pair encoding: a word's UTF-8 bytes are mapped to printable symbols (GPT-2's
 * {@code bytes_to_unicode}), the last symbol gets the end-of-word marker {@code </w>}, and the pair with the
 * lowest merge rank is merged everywhere until no ranked pair is left. Results are cached; thread-safe.
 */
final class ByteLevelBpe {
    static final String END_OF_WORD = "</w>";
    private static final int CACHE_LIMIT = 200_000;
    private static final char[] BYTE_TO_SYMBOL = bytesToUnicode();
    private static final Map<Character, Integer> SYMBOL_TO_BYTE = invert(BYTE_TO_SYMBOL);

    private final Map<String, Integer> ranks; // "first second" -> rank; symbols never contain a space
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    /** @param merges merge pairs in rank order (rank = position; entries that are not pairs never match) */
    ByteLevelBpe(List<String[]> merges) {
        Map<String, Integer> r = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            String[] pair = merges.get(i);
            if (pair.length == 2) r.put(pair[0] + " " + pair[1], i); // a repeated pair keeps its last rank, as in Python
        }
        this.ranks = r;
    }

    /** The UTF-8 bytes of {@code word} as byte-level symbols. */
    static String toSymbols(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_SYMBOL[bytes[i] & 0xff];
        return new String(out);
    }

    /** The bytes that byte-level symbols stand for; characters that are no symbol are an error. */
    private static byte[] toBytes(CharSequence symbols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            Integer b = SYMBOL_TO_BYTE.get(symbols.charAt(i));
            if (b == null) throw new IllegalArgumentException("not a byte-level symbol: U+%04X".formatted((int) symbols.charAt(i)));
            out.write(b);
        }
        return out.toByteArray();
    }

    /**
     * The text that byte-level symbols stand for, decoded as UTF-8 the way Python's {@code errors="replace"}
     * does it: each maximal invalid subsequence becomes one U+FFFD (the JDK decoder differs, e.g. for ED A1).
     */
    static String toText(CharSequence symbols) {
        byte[] b = toBytes(symbols);
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                out.append((char) b0);
                i++;
                continue;
            }
            int length = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
            int lo = b0 == 0xe0 ? 0xa0 : b0 == 0xf0 ? 0x90 : 0x80;
            int hi = b0 == 0xed ? 0x9f : b0 == 0xf4 ? 0x8f : 0xbf;
            int valid = 1; // bytes of the sequence that are valid so far
            while (length > 0 && valid < length && i + valid < b.length) {
                int c = b[i + valid] & 0xff;
                if (c < (valid == 1 ? lo : 0x80) || c > (valid == 1 ? hi : 0xbf)) break;
                valid++;
            }
            if (length > 0 && valid == length) {
                int cp = b0 & (0xff >> (length + 1));
                for (int k = 1; k < length; k++) cp = (cp << 6) | (b[i + k] & 0x3f);
                out.appendCodePoint(cp);
            } else {
                out.append('\ufffd');
            }
            i += valid;
        }
        return out.toString();
    }

    /** The BPE tokens of one word given as byte-level symbols; the last one ends with {@code </w>}. */
    List<String> encode(String symbols) {
        List<String> cached = cache.get(symbols);
        if (cached != null) return cached;
        List<String> tokens = List.copyOf(merge(symbols));
        if (cache.size() < CACHE_LIMIT) cache.put(symbols, tokens);
        return tokens;
    }

    private List<String> merge(String symbols) {
        List<String> word = new ArrayList<>(symbols.length());
        for (int i = 0; i < symbols.length(); i++) word.add(String.valueOf(symbols.charAt(i)));
        word.set(word.size() - 1, word.getLast() + END_OF_WORD);
        while (word.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) break;
            String first = word.get(best);
            String second = word.get(best + 1);
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return word;
    }

    /** GPT-2's reversible map from the 256 byte values to printable, non-space characters. */
    private static char[] bytesToUnicode() {
        char[] table = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            table[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return table;
    }

    private static Map<Character, Integer> invert(char[] table) {
        Map<Character, Integer> map = new HashMap<>();
        for (int b = 0; b < table.length; b++) map.put(table[b], b);
        return Map.copyOf(map);
    }
}
