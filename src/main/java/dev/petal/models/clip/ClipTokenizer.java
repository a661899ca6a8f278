package dev.petal.models.clip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, matching transformers' slow {@code CLIPTokenizer} with ftfy installed (what
 * diffusers' StableDiffusionPipeline uses) and openai/CLIP's {@code SimpleTokenizer}.
 *
 * <p>Encoding a text: (1) occurrences of the special tokens (BOS, EOS, pad, unk) and of added tokens are cut out
 * verbatim, as transformers' trie does; (2) each remaining piece is cleaned by {@link ClipTextCleaner} (ftfy
 * {@code fix_text}, white space collapsed and stripped, lower case); (3) it is split into words with CLIP's
 * pattern; (4) each word's UTF-8 bytes are byte-pair encoded, the last token ending in {@code </w>}. A
 * {@code <|startoftext|>} or {@code <|endoftext|>} that only appears after cleaning (e.g. from
 * {@code &lt;|endoftext|&gt;} or upper case) still becomes the special id, as in transformers.
 *
 * <p>With SD 2.x's pad token {@code "!"} (id 0) the pad token is special too, so every {@code !} in a prompt is
 * cut out and encoded as id 0 instead of merging with its neighbours ({@code "wow!!)"} gives
 * {@code wow</w> ! ! )</w>}): transformers does this, and so do the SD 2.x reference ids.
 *
 * <p>Instances are immutable and thread-safe (the BPE cache is concurrent).
 *
 * <p>All 27 reference prompts of the SD fixtures match (ids, SD 1.x and SD 2.x padding, decoding), and a
 * differential run against Python (ftfy 6.3.1 + regex) on 35,000 random mojibake-heavy texts agreed on every
 * {@code fix_text} result. Known limits: words are split with Java's Unicode tables (Unicode 16 in Java 25)
 * while the reference uses those of the Python {@code regex} package, so characters assigned later (e.g.
 * U+0558, U+208F in Unicode 17) may split differently; added tokens' {@code lstrip} / {@code rstrip} /
 * {@code single_word} flags and {@code clean_up_tokenization_spaces} are ignored (CLIP's files set none).
 */
public final class ClipTokenizer {
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** CLIP's word pattern (case-insensitive, as in transformers and openai/CLIP). */
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\p{IsWhite_Space}\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The special tokens by role. */
    public record SpecialTokens(String bos, String eos, String pad, String unk) {
        /** SD 1.x (openai/clip-vit-large-patch14): pad = unk = EOS. */
        public static final SpecialTokens SD1 = new SpecialTokens(START_OF_TEXT, END_OF_TEXT, END_OF_TEXT, END_OF_TEXT);

        public SpecialTokens withPad(String padToken) {
            return new SpecialTokens(bos, eos, padToken, unk);
        }
    }

    /** How {@link #encodeBatch} pads rows (always on the right). */
    public enum Padding {
        /** every row has exactly {@code maxLength} ids (what Stable Diffusion pipelines use) */
        MAX_LENGTH,
        /** rows are padded to the longest row of the batch */
        LONGEST,
        /** no padding: rows keep their own length */
        NONE
    }

    /** Token ids and attention mask (1 = token, 0 = padding), one row per text. */
    public record Batch(long[][] inputIds, long[][] attentionMask) {
        public int size() {
            return inputIds.length;
        }

        /** The ids row after row, for a [size, length] tensor; rows must have one length. */
        public long[] flatInputIds() {
            return flatten(inputIds);
        }

        /** The attention mask row after row, for a [size, length] tensor; rows must have one length. */
        public long[] flatAttentionMask() {
            return flatten(attentionMask);
        }

        private static long[] flatten(long[][] rows) {
            int length = rows.length == 0 ? 0 : rows[0].length;
            long[] flat = new long[rows.length * length];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != length) throw new IllegalStateException("rows differ in length: pad the batch");
                System.arraycopy(rows[i], 0, flat, i * length, length);
            }
            return flat;
        }
    }

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final ByteLevelBpe bpe;
    private final SpecialTokens specialTokens;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int unkId;
    private final int modelMaxLength;
    private final Map<String, Integer> addedTokens;
    /** tokens cut out of the text before cleaning: special and added tokens, with their ids */
    private final Map<String, Integer> verbatimTokens;
    private final Pattern verbatimPattern;
    private final Set<Integer> specialIds;

    private ClipTokenizer(Map<String, Integer> vocab, String[] idToToken, ByteLevelBpe bpe, SpecialTokens specialTokens,
                          int modelMaxLength, Map<String, Integer> addedTokens) {
        this.vocab = vocab;
        this.idToToken = idToToken;
        this.bpe = bpe;
        this.specialTokens = specialTokens;
        this.modelMaxLength = modelMaxLength;
        this.addedTokens = addedTokens;
        Map<String, Integer> verbatim = new LinkedHashMap<>(addedTokens);
        for (String token : List.of(specialTokens.bos(), specialTokens.eos(), specialTokens.unk(), specialTokens.pad())) {
            Integer id = addedTokens.containsKey(token) ? addedTokens.get(token) : vocab.get(token);
            if (id == null) throw new TokenizerException("special token '" + token + "' is not in the vocabulary");
            verbatim.put(token, id);
        }
        this.verbatimTokens = Map.copyOf(verbatim);
        this.verbatimPattern = Pattern.compile(String.join("|", verbatim.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList()));
        this.bosId = verbatim.get(specialTokens.bos());
        this.eosId = verbatim.get(specialTokens.eos());
        this.padId = verbatim.get(specialTokens.pad());
        this.unkId = verbatim.get(specialTokens.unk());
        this.specialIds = Set.copyOf(List.of(bosId, eosId, padId, unkId));
    }

    /**
     * Loads a diffusers / transformers {@code tokenizer/} folder: {@code vocab.json} and {@code merges.txt}
     * (required), {@code tokenizer_config.json} and {@code special_tokens_map.json} (special tokens,
     * {@code model_max_length}, added tokens; defaults are SD 1.x's and 77).
     *
     * @throws TokenizerException naming the folder and file if a file is missing or malformed
     */
    public static ClipTokenizer load(Path folder) {
        return of(TokenizerFiles.fromFolder(folder));
    }

    /** The vocabulary bundled with Petal (openai/CLIP's, used by SD 1.x and 2.x) with SD 1.x special tokens. */
    public static ClipTokenizer bundled() {
        return BundledHolder.INSTANCE;
    }

    private static final class BundledHolder {
        static final ClipTokenizer INSTANCE = of(TokenizerFiles.bundled());
    }

    private static ClipTokenizer of(TokenizerFiles files) {
        int size = files.vocab().values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        for (int id : files.addedTokens().values()) size = Math.max(size, id + 1);
        String[] idToToken = new String[size];
        files.vocab().forEach((token, id) -> idToToken[id] = token);
        files.addedTokens().forEach((token, id) -> idToToken[id] = token);
        return new ClipTokenizer(files.vocab(), idToToken, new ByteLevelBpe(files.merges()), files.specialTokens(),
                files.modelMaxLength(), Map.copyOf(files.addedTokens()));
    }

    /**
     * This tokenizer with another pad token, as if its folder named it in {@code special_tokens_map.json}:
     * {@code withPadToken("!")} gives SD 2.x's tokenizer (pad id 0, and {@code !} becomes a special token).
     */
    public ClipTokenizer withPadToken(String padToken) {
        return new ClipTokenizer(vocab, idToToken, bpe, specialTokens.withPad(padToken), modelMaxLength, addedTokens);
    }

    /** Every token of the vocabulary (BPE pieces; word-final ones end in {@code </w>}). */
    public java.util.Set<String> vocabulary() {
        return java.util.Collections.unmodifiableSet(vocab.keySet());
    }

    /** The tokens of a text, without BOS/EOS (transformers' {@code tokenize}). */
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher verbatim = verbatimPattern.matcher(text);
        int start = 0;
        while (verbatim.find()) {
            tokenizePiece(text.substring(start, verbatim.start()), tokens);
            tokens.add(verbatim.group());
            start = verbatim.end();
        }
        tokenizePiece(text.substring(start), tokens);
        return tokens;
    }

    private void tokenizePiece(String piece, List<String> tokens) {
        if (piece.isEmpty()) return;
        Matcher words = WORDS.matcher(ClipTextCleaner.clean(piece));
        while (words.find()) {
            String word = words.group();
            if (word.equals(START_OF_TEXT) || word.equals(END_OF_TEXT)) tokens.add(word);
            else tokens.addAll(bpe.encode(ByteLevelBpe.toSymbols(word)));
        }
    }

    /** The ids of a text with BOS first and EOS last, not truncated. */
    public int[] encode(String text) {
        List<String> tokens = tokenize(text);
        int[] ids = new int[tokens.size() + 2];
        ids[0] = bosId;
        for (int i = 0; i < tokens.size(); i++) ids[i + 1] = tokenId(tokens.get(i));
        ids[ids.length - 1] = eosId;
        return ids;
    }

    private int tokenId(String token) {
        Integer id = verbatimTokens.get(token);
        if (id == null) id = vocab.get(token);
        return id == null ? unkId : id;
    }

    /**
     * Encodes texts as Stable Diffusion pipelines do: a text longer than {@code maxLength} ids keeps BOS, its
     * first {@code maxLength - 2} tokens and EOS; rows are padded on the right with {@link #padId()}.
     */
    public Batch encodeBatch(List<String> texts, int maxLength, Padding padding) {
        if (maxLength < 2) throw new IllegalArgumentException("maxLength must leave room for BOS and EOS: " + maxLength);
        List<int[]> rows = new ArrayList<>(texts.size());
        int longest = 0;
        for (String text : texts) {
            int[] ids = encode(text);
            if (ids.length > maxLength) {
                ids = Arrays.copyOf(ids, maxLength);
                ids[maxLength - 1] = eosId;
            }
            rows.add(ids);
            longest = Math.max(longest, ids.length);
        }
        long[][] inputIds = new long[rows.size()][];
        long[][] mask = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            int[] ids = rows.get(r);
            int length = switch (padding) {
                case MAX_LENGTH -> maxLength;
                case LONGEST -> longest;
                case NONE -> ids.length;
            };
            inputIds[r] = new long[length];
            mask[r] = new long[length];
            for (int i = 0; i < length; i++) {
                inputIds[r][i] = i < ids.length ? ids[i] : padId;
                mask[r][i] = i < ids.length ? 1 : 0;
            }
        }
        return new Batch(inputIds, mask);
    }

    /** {@link #encodeBatch(List, int, Padding)} with {@link #modelMaxLength()} and {@link Padding#MAX_LENGTH}. */
    public Batch encodeBatch(List<String> texts) {
        return encodeBatch(texts, modelMaxLength, Padding.MAX_LENGTH);
    }

    /** The text of ids, special tokens (BOS, EOS, pad, unk) left out. */
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    /**
     * The text of ids as transformers decodes it: byte-level tokens are joined, their bytes decoded as UTF-8
     * (invalid bytes become U+FFFD), each {@code </w>} becomes a space and the ends are stripped; added tokens
     * that are not special stand apart, separated by spaces.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> parts = new ArrayList<>();
        StringBuilder symbols = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
                throw new IllegalArgumentException("token id " + id + " is not in the vocabulary");
            }
            if (skipSpecialTokens && specialIds.contains(id)) continue;
            String token = idToToken[id];
            if (addedTokens.containsKey(token) && !isSpecialToken(token)) {
                String text = symbols.isEmpty() ? "" : symbolsToText(symbols);
                if (!text.isEmpty()) parts.add(text);
                symbols.setLength(0);
                parts.add(token);
            } else {
                symbols.append(token);
            }
        }
        if (!symbols.isEmpty()) parts.add(symbolsToText(symbols));
        return String.join(" ", parts);
    }

    private boolean isSpecialToken(String token) {
        return token.equals(specialTokens.bos()) || token.equals(specialTokens.eos()) || token.equals(specialTokens.pad())
                || token.equals(specialTokens.unk());
    }

    private static String symbolsToText(CharSequence symbols) {
        String text = ByteLevelBpe.toText(symbols);
        return ClipTextCleaner.pythonStrip(text.replace(ByteLevelBpe.END_OF_WORD, " "));
    }

    /** Number of entries in the vocabulary ({@code vocab.json}): 49408 for CLIP. */
    public int vocabSize() {
        return vocab.size();
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int padId() {
        return padId;
    }

    public int unkId() {
        return unkId;
    }

    /** The default {@code maxLength} of {@link #encodeBatch(List)}: 77 for CLIP. */
    public int modelMaxLength() {
        return modelMaxLength;
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }
}
