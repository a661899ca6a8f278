package dev.petal.models.clip;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.petal.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link ClipTokenizer} with the reference ids in {@code clip/tokenization.json} (transformers' slow
 * CLIPTokenizer with ftfy). The fixture root is {@code -Dpetal.fixtures=DIR}, default {@code src/test/fixtures/sd}.
 * All 27 prompts are expected to match exactly, including the ftfy cases (11 HTML entities, 12 mojibake,
 * 13 curly quotes, 15 ligatures / fullwidth, 20 NFC).
 */
class ClipTokenizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOKENIZER_CONFIG_FILES = {TokenizerFiles.CONFIG, TokenizerFiles.SPECIAL_TOKENS_MAP};

    @TempDir
    static Path temp;
    private static JsonNode fixture;
    private static List<Prompt> prompts;
    private static ClipTokenizer sd1;
    private static ClipTokenizer sd2;

    /** One fixture prompt; the text comes from the exact UTF-8 bytes. */
    private record Prompt(int index, String text, JsonNode json) {
        int[] ints(String key) {
            return JSON.convertValue(json.get(key), int[].class);
        }

        long[] longs(String key) {
            return JSON.convertValue(json.get(key), long[].class);
        }

        String name() {
            return "prompt " + index + " " + json.get("prompt").asText().replaceAll("\\s+", " ");
        }
    }

    @BeforeAll
    static void load() throws IOException {
        Path file = Fixtures.sd().resolve("clip/tokenization.json");
        fixture = JSON.readTree(file.toFile());
        prompts = new ArrayList<>();
        for (JsonNode p : fixture.get("prompts")) {
            byte[] utf8 = HexFormat.of().parseHex(p.get("prompt_utf8_hex").asText());
            prompts.add(new Prompt(p.get("index").asInt(), new String(utf8, StandardCharsets.UTF_8), p));
        }
        sd1 = ClipTokenizer.load(savedTokenizer("sd1", null));
        sd2 = ClipTokenizer.load(savedTokenizer("sd2", "!"));
    }

    /**
     * A complete saved tokenizer folder: the fixture's {@code clip/tokenizer/} config files plus the bundled
     * vocab.json and merges.txt (the README's recipe), optionally with another pad token (SD 2.x uses "!").
     */
    private static Path savedTokenizer(String name, String padToken) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (String file : TOKENIZER_CONFIG_FILES) {
            ObjectNode json = (ObjectNode) JSON.readTree(Fixtures.sd().resolve("clip/tokenizer").resolve(file).toFile());
            if (padToken != null) json.put("pad_token", padToken);
            JSON.writeValue(dir.resolve(file).toFile(), json);
        }
        copyResource(TokenizerFiles.VOCAB, dir);
        copyResource(TokenizerFiles.MERGES, dir);
        return dir;
    }

    private static void copyResource(String name, Path dir) throws IOException {
        try (InputStream in = ClipTokenizer.class.getResourceAsStream(name)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @TestFactory
    Stream<DynamicNode> everyPromptMatchesTheReferenceIds() {
        return prompts.stream().map(p -> DynamicContainer.dynamicContainer(p.name(), Stream.of(
                dynamicTest("ids_unpadded", () -> {
                    assertArrayEquals(p.ints("ids_unpadded"), sd1.encode(p.text()));
                    assertEquals(p.json().get("num_tokens_with_special").asInt(), sd1.encode(p.text()).length);
                }),
                dynamicTest("tokens", () -> {
                    List<String> expected = JSON.convertValue(p.json().get("tokens"), new TypeReference<List<String>>() { });
                    List<String> tokens = new ArrayList<>(sd1.tokenize(p.text()));
                    tokens.addFirst(ClipTokenizer.START_OF_TEXT);
                    tokens.addLast(ClipTokenizer.END_OF_TEXT);
                    assertEquals(expected, tokens);
                }),
                dynamicTest("bundled tokenizer", () -> assertArrayEquals(p.ints("ids_unpadded"), ClipTokenizer.bundled().encode(p.text()))),
                dynamicTest("ids_sd1_padded77 + attention_mask_sd1_padded77", () -> {
                    ClipTokenizer.Batch batch = sd1.encodeBatch(List.of(p.text()), 77, ClipTokenizer.Padding.MAX_LENGTH);
                    assertArrayEquals(p.longs("ids_sd1_padded77"), batch.inputIds()[0]);
                    assertArrayEquals(p.longs("attention_mask_sd1_padded77"), batch.attentionMask()[0]);
                }),
                dynamicTest("ids_sd2_padded77_pad_bang", () -> assertArrayEquals(p.longs("ids_sd2_padded77_pad_bang"),
                        sd2.encodeBatch(List.of(p.text()), 77, ClipTokenizer.Padding.MAX_LENGTH).inputIds()[0])),
                dynamicTest("decoded_slow", () -> assertEquals(p.json().get("decoded_slow").asText(), sd1.decode(p.ints("ids_unpadded")))))));
    }

    @Test
    void specialIdsAndSizesComeFromTheConfig() throws IOException {
        JsonNode textEncoder = JSON.readTree(Fixtures.sd().resolve("clip/text_encoder/config.json").toFile());
        Prompt empty = prompts.stream().filter(p -> p.text().isEmpty()).findFirst().orElseThrow();
        assertAll(
                () -> assertEquals(fixture.get("bos_id").asInt(), sd1.bosId()),
                () -> assertEquals(fixture.get("eos_id").asInt(), sd1.eosId()),
                () -> assertEquals(fixture.get("eos_id").asInt(), sd1.padId()),
                () -> assertEquals(fixture.get("eos_id").asInt(), sd1.unkId()),
                () -> assertEquals(empty.longs("ids_sd2_padded77_pad_bang")[2], sd2.padId()),
                () -> assertEquals(fixture.get("bos_id").asInt(), sd2.bosId()),
                () -> assertEquals(fixture.get("model_max_length").asInt(), sd1.modelMaxLength()),
                () -> assertEquals(textEncoder.get("vocab_size").asInt(), sd1.vocabSize()),
                () -> assertEquals(textEncoder.get("vocab_size").asInt(), ClipTokenizer.bundled().vocabSize()),
                () -> assertEquals("!", sd2.specialTokens().pad()),
                () -> assertEquals(sd2.padId(), sd1.withPadToken("!").padId()));
    }

    @Test
    void withPadTokenEqualsAFolderThatNamesThePadToken() {
        ClipTokenizer derived = ClipTokenizer.bundled().withPadToken("!");
        List<String> texts = prompts.stream().map(Prompt::text).toList();
        ClipTokenizer.Batch expected = sd2.encodeBatch(texts);
        ClipTokenizer.Batch actual = derived.encodeBatch(texts);
        assertArrayEquals(expected.inputIds(), actual.inputIds());
        assertArrayEquals(expected.attentionMask(), actual.attentionMask());
    }

    @Test
    void oneBatchOfAllPromptsEqualsTheRowsOneByOne() {
        ClipTokenizer.Batch batch = sd1.encodeBatch(prompts.stream().map(Prompt::text).toList());
        assertEquals(prompts.size(), batch.size());
        long[] flat = batch.flatInputIds();
        for (int r = 0; r < prompts.size(); r++) {
            Prompt p = prompts.get(r);
            assertArrayEquals(p.longs("ids_sd1_padded77"), batch.inputIds()[r], p.name());
            assertArrayEquals(p.longs("attention_mask_sd1_padded77"), batch.attentionMask()[r], p.name());
            assertArrayEquals(p.longs("ids_sd1_padded77"), Arrays.copyOfRange(flat, r * 77, r * 77 + 77), p.name());
        }
    }

    @Test
    void longestAndNonePaddingKeepTheTruncatedIds() {
        List<Prompt> some = prompts.stream().filter(p -> p.index() % 3 == 0).toList();
        List<String> texts = some.stream().map(Prompt::text).toList();
        ClipTokenizer.Batch longest = sd1.encodeBatch(texts, 77, ClipTokenizer.Padding.LONGEST);
        ClipTokenizer.Batch none = sd1.encodeBatch(texts, 77, ClipTokenizer.Padding.NONE);
        int width = some.stream().mapToInt(p -> Math.min(77, p.ints("ids_unpadded").length)).max().orElseThrow();
        for (int r = 0; r < some.size(); r++) {
            Prompt p = some.get(r);
            long[] padded = p.longs("ids_sd1_padded77");
            long[] mask = p.longs("attention_mask_sd1_padded77");
            int length = Math.min(77, p.ints("ids_unpadded").length);
            assertArrayEquals(Arrays.copyOf(padded, width), longest.inputIds()[r], p.name());
            assertArrayEquals(Arrays.copyOf(mask, width), longest.attentionMask()[r], p.name());
            assertArrayEquals(Arrays.copyOf(padded, length), none.inputIds()[r], p.name());
            assertArrayEquals(Arrays.copyOf(mask, length), none.attentionMask()[r], p.name());
        }
        assertThrows(IllegalStateException.class, none::flatInputIds, "ragged rows cannot be flattened");
    }

    @Test
    void decodeWithSpecialTokensKeepsThemAtTheEnds() {
        Prompt p = prompts.getFirst();
        String decoded = sd1.decode(p.ints("ids_unpadded"), false);
        assertEquals(ClipTokenizer.START_OF_TEXT + p.json().get("decoded_slow").asText() + " " + ClipTokenizer.END_OF_TEXT, decoded);
        assertThrows(IllegalArgumentException.class, () -> sd1.decode(new int[] {sd1.vocabSize()}));
    }

    @Test
    void concurrentEncodingGivesTheSameIds() {
        ClipTokenizer fresh = ClipTokenizer.load(temp.resolve("sd1")); // empty BPE cache
        List<Prompt> repeated = IntStream.range(0, 20).boxed().flatMap(i -> prompts.stream()).toList();
        repeated.parallelStream().forEach(p -> assertArrayEquals(p.ints("ids_unpadded"), fresh.encode(p.text()), p.name()));
    }

    @TestFactory
    Stream<DynamicTest> aFolderWithoutVocabularyFilesIsAnErrorNamingFolderAndFile() {
        return Stream.of(TokenizerFiles.VOCAB, TokenizerFiles.MERGES).map(missing -> dynamicTest("without " + missing, () -> {
            Path dir = Files.createDirectories(temp.resolve("without-" + missing));
            for (String file : List.of(TokenizerFiles.VOCAB, TokenizerFiles.MERGES)) {
                if (!file.equals(missing)) copyResource(file, dir);
            }
            TokenizerException e = assertThrows(TokenizerException.class, () -> ClipTokenizer.load(dir));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains(missing), e.getMessage());
        }));
    }

    @Test
    void aFolderWithOnlyVocabularyFilesUsesSd1Defaults() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("vocabulary-only"));
        copyResource(TokenizerFiles.VOCAB, dir);
        copyResource(TokenizerFiles.MERGES, dir);
        ClipTokenizer minimal = ClipTokenizer.load(dir);
        assertEquals(sd1.specialTokens(), minimal.specialTokens());
        assertEquals(fixture.get("model_max_length").asInt(), minimal.modelMaxLength());
        for (Prompt p : prompts) assertArrayEquals(p.longs("ids_sd1_padded77"), minimal.encodeBatch(List.of(p.text())).inputIds()[0], p.name());
    }

    @Test
    void aMissingFolderIsAnErrorNamingIt() {
        Path dir = temp.resolve("no-such-folder");
        TokenizerException e = assertThrows(TokenizerException.class, () -> ClipTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
