package dev.petal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.images.Images;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emoji sets committed under data/emoji/ are complete and consistent (the demo relies on them). */
class CommittedEmojiDataTest {
    static final Path ROOT = Path.of("data/emoji");
    static final Path SUBJECT = ROOT.resolve("subjects/cat-face");
    static final Path FINETUNE = ROOT.resolve("finetune");

    static List<JsonNode> metadata(Path dir) throws IOException {
        var json = new ObjectMapper();
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metadata.jsonl"))) if (!line.isBlank()) out.add(json.readTree(line));
        return out;
    }

    /** Every line names an existing 64×64 PNG with a caption, every PNG is listed, and the loader opens the folder. */
    static List<JsonNode> checkFolder(Path dir) throws IOException {
        List<JsonNode> lines = metadata(dir);
        Set<String> listed = new HashSet<>();
        for (JsonNode n : lines) {
            String file = n.path("file_name").asText();
            assertTrue(Files.isRegularFile(dir.resolve(file)), dir + ": " + file + " missing");
            assertFalse(n.path("text").asText().isBlank(), dir + ": " + file + " has no caption");
            assertTrue(listed.add(file), file + " listed twice");
            var img = Images.read(dir.resolve(file));
            assertEquals(64, img.getWidth());
            assertEquals(64, img.getHeight());
        }
        try (var files = Files.list(dir)) {
            Set<String> pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).collect(Collectors.toSet());
            assertEquals(listed, pngs, dir + ": images and metadata differ");
        }
        assertEquals(lines.size(), ImageCaptionDataset.open(dir, 64, true, 0).size());
        return lines;
    }

    @Test
    void subjectIsOneFamilyOfThreeToSixImages() throws IOException {
        JsonNode subject = new ObjectMapper().readTree(SUBJECT.resolve("subject.json").toFile());
        String noun = subject.get("class_noun").asText();
        assertEquals("cat-face", subject.get("name").asText());
        assertEquals("an emoji of a sks " + noun, subject.get("instance_prompt").asText());
        assertEquals("an emoji of a " + noun, subject.get("class_prompt").asText());
        int n = subject.get("images").size();
        assertTrue(n >= 3 && n <= 6, n + " images");
        List<JsonNode> lines = checkFolder(SUBJECT);
        assertEquals(n, lines.size());
        Set<String> files = lines.stream().map(l -> l.get("file_name").asText()).collect(Collectors.toSet());
        for (JsonNode img : subject.get("images")) {
            assertTrue(files.contains(img.get("file_name").asText()));
            assertTrue(img.get("caption").asText().contains("cat face"), img.toString());
        }
        for (JsonNode l : lines) assertEquals(subject.get("instance_prompt").asText(), l.get("text").asText());
        assertNotice(SUBJECT);
    }

    @Test
    void fineTuningSetHasFixedDisjointSplits() throws IOException {
        Set<String> bases = new HashSet<>();
        for (String split : List.of(EmojiSplits.TRAIN, EmojiSplits.TEST)) {
            List<JsonNode> lines = checkFolder(FINETUNE.resolve("twemoji").resolve(split));
            assertEquals(split.equals(EmojiSplits.TRAIN) ? 200 : 40, lines.size());
            for (JsonNode l : lines) {
                assertEquals("twemoji", l.get("style").asText());
                assertEquals(split, l.get("split").asText());
                assertEquals(EmojiSplits.of(l.get("base_name").asText()), split, l.toString());
                assertTrue(l.get("text").asText().startsWith(EmojiCaptions.PREFIX), l.toString());
                assertFalse(l.get("text").asText().contains("skin tone"));
                assertTrue(bases.add(l.get("base_name").asText()), "an emoji in both splits: " + l);
            }
        }
        assertNotice(FINETUNE);
    }

    private static void assertNotice(Path dir) throws IOException {
        String notice = Files.readString(dir.resolve("NOTICE"));
        assertTrue(notice.contains("Twemoji") && notice.contains("CC-BY 4.0") && notice.contains("emoji-datasource"), notice);
    }

    @Test
    void committedDataStaysSmall() throws IOException {
        try (var files = Files.walk(ROOT)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            assertTrue(bytes < 3_000_000, bytes + " bytes under " + ROOT);
        }
    }
}
