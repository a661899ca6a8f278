package dev.petal.models.clip;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a saved CLIP tokenizer: {@code vocab.json}, {@code merges.txt} and, optionally,
 * {@code tokenizer_config.json} and {@code special_tokens_map.json} (the latter wins, as in transformers).
 *
 * @param addedTokens tokens from {@code added_tokens_decoder}, content to id, in file order
 */
record TokenizerFiles(Map<String, Integer> vocab, List<String[]> merges, ClipTokenizer.SpecialTokens specialTokens,
                      int modelMaxLength, Map<String, Integer> addedTokens) {
    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";
    static final String CONFIG = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    /** CLIP reads at most this many merges: 49152 vocabulary entries less 256 bytes and 2 special tokens. */
    private static final int MAX_MERGES = 49152 - 256 - 2;
    private static final int DEFAULT_MODEL_MAX_LENGTH = 77;
    private static final ObjectMapper JSON = new ObjectMapper();

    static TokenizerFiles fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) throw new TokenizerException("CLIP tokenizer folder " + folder + " does not exist");
        Map<String, Integer> vocab = parseVocab(read(folder, VOCAB, true), folder.resolve(VOCAB));
        List<String[]> merges = parseMerges(read(folder, MERGES, true));
        JsonNode config = parseJson(read(folder, CONFIG, false), folder.resolve(CONFIG));
        JsonNode map = parseJson(read(folder, SPECIAL_TOKENS_MAP, false), folder.resolve(SPECIAL_TOKENS_MAP));
        ClipTokenizer.SpecialTokens d = ClipTokenizer.SpecialTokens.SD1;
        var specials = new ClipTokenizer.SpecialTokens(
                special(map, config, "bos_token", d.bos()), special(map, config, "eos_token", d.eos()),
                special(map, config, "pad_token", d.pad()), special(map, config, "unk_token", d.unk()));
        JsonNode maxLength = config.path("model_max_length");
        int modelMaxLength = maxLength.canConvertToInt() ? maxLength.asInt() : maxLength.isNumber() ? Integer.MAX_VALUE
                : DEFAULT_MODEL_MAX_LENGTH;
        Map<String, Integer> added = new LinkedHashMap<>();
        config.path("added_tokens_decoder").properties().forEach(e -> added.put(content(e.getValue()), Integer.parseInt(e.getKey())));
        return new TokenizerFiles(vocab, merges, specials, modelMaxLength, added);
    }

    /** The vocabulary bundled with Petal (openai/CLIP's, as used by SD 1.x and 2.x) with SD 1.x special tokens. */
    static TokenizerFiles bundled() {
        Map<String, Integer> vocab = parseVocab(resource(VOCAB), Path.of(VOCAB));
        List<String[]> merges = parseMerges(resource(MERGES));
        return new TokenizerFiles(vocab, merges, ClipTokenizer.SpecialTokens.SD1, DEFAULT_MODEL_MAX_LENGTH, Map.of());
    }

    private static String read(Path folder, String name, boolean required) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            if (required) throw new TokenizerException("CLIP tokenizer folder " + folder + " has no " + name);
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TokenizerFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new TokenizerException("bundled tokenizer resource " + name + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerException("cannot read bundled tokenizer resource " + name, e);
        }
    }

    private static Map<String, Integer> parseVocab(String json, Path source) {
        try {
            return Map.copyOf(JSON.readValue(json, new TypeReference<Map<String, Integer>>() { }));
        } catch (IOException e) {
            throw new TokenizerException(source + " is not a JSON object of token ids: " + e.getMessage(), e);
        }
    }

    /** As transformers: the first line (the "#version" header) is skipped, a line's fields are split on white space. */
    private static List<String[]> parseMerges(String text) {
        List<String> lines = Arrays.asList(ClipTextCleaner.pythonStrip(text).split("\n"));
        List<String[]> merges = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), Math.min(lines.size(), MAX_MERGES + 1))) {
            merges.add(ClipTextCleaner.pythonStrip(line).split("[\\p{IsWhite_Space}\\x{1c}-\\x{1f}]+"));
        }
        return merges;
    }

    private static JsonNode parseJson(String json, Path source) {
        if (json == null) return JSON.createObjectNode();
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new TokenizerException(source + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String special(JsonNode map, JsonNode config, String key, String fallback) {
        JsonNode node = map.hasNonNull(key) ? map.get(key) : config.get(key);
        return node == null || node.isNull() ? fallback : content(node);
    }

    /** A token written either as a string or as an AddedToken object with "content". */
    private static String content(JsonNode node) {
        return node.isObject() ? node.path("content").asText() : node.asText();
    }
}
