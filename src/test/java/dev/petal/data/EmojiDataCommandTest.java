package dev.petal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.cli.Main;
import dev.petal.images.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petal data emoji} on a fake package folder: no npm, no network. */
class EmojiDataCommandTest {
    @TempDir
    static Path tmp;
    static Path cache;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void fake() {
        cache = tmp.resolve("cache");
        FakeEmojiPackages.write(cache);
    }

    static List<JsonNode> metadata(Path dir) throws IOException {
        var json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metadata.jsonl"))) out.add(json.readTree(line));
        return out;
    }

    @Test
    void buildsBothStylesWithFixedSplitsAndANotice() throws IOException {
        Path out = tmp.resolve("all");
        var r = run("data", "emoji", "--cache", cache.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        int total = 0;
        Map<String, String> splitOf = new HashMap<>();
        for (String style : List.of("noto", "twemoji")) {
            for (String split : List.of("train", "test")) {
                Path dir = out.resolve(style).resolve(split);
                for (JsonNode n : metadata(dir)) {
                    assertEquals(List.of("file_name", "text", "style", "category", "subcategory", "base_name", "split"), fieldNames(n));
                    assertTrue(Files.isRegularFile(dir.resolve(n.get("file_name").asText())));
                    assertTrue(n.get("text").asText().startsWith("an emoji of "));
                    assertEquals(style, n.get("style").asText());
                    assertEquals(split, n.get("split").asText());
                    assertEquals(EmojiSplits.of(n.get("base_name").asText()), split);
                    String before = splitOf.put(n.get("file_name").asText() + "", split);
                    assertTrue(before == null || before.equals(split), "the same emoji is held out in both styles");
                    total++;
                }
                assertTrue(r.out().contains(style + "/" + split), r.out());
            }
        }
        assertEquals(2 * 44, total, "24 emoji + 20 skin-tone variants per style; the Component entry is left out");
        assertTrue(splitOf.containsValue("test") && splitOf.containsValue("train"));
        String notice = Files.readString(out.resolve("NOTICE"));
        assertTrue(notice.contains("Apache License") && notice.contains("CC-BY 4.0") && notice.contains("Cal Henderson"), notice);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void transparencyBecomesWhite() throws IOException {
        Path out = tmp.resolve("white");
        assertEquals(0, run("data", "emoji", "--cache", cache.toString(), "--out", out.toString(), "--styles", "twemoji").code());
        Path dir = out.resolve("twemoji/train");
        var img = Images.read(dir.resolve(metadata(dir).getFirst().get("file_name").asText()));
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF, "corner was transparent");
        assertTrue((img.getRGB(32, 32) & 0xFFFFFF) != 0xFFFFFF, "the disc is kept");
        assertFalse(Files.exists(out.resolve("noto")));
        assertFalse(Files.readString(out.resolve("NOTICE")).contains("Apache"), "only the styles written");
    }

    @Test
    void rerunningChangesNothingAndLimitsRemoveStaleImages() throws IOException {
        Path out = tmp.resolve("again");
        String[] args = {"data", "emoji", "--cache", cache.toString(), "--out", out.toString(), "--styles", "noto"};
        assertEquals(0, run(args).code());
        Map<Path, FileTime> times = new HashMap<>();
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(0));
                times.put(p, Files.getLastModifiedTime(p));
            }
        }
        assertEquals(0, run(args).code());
        for (var t : times.entrySet()) assertEquals(t.getValue(), Files.getLastModifiedTime(t.getKey()), t.getKey() + " rewritten");

        var r = run("data", "emoji", "--cache", cache.toString(), "--out", out.toString(), "--styles", "noto",
                "--no-skin-tones", "--max-train", "5", "--max-test", "1");
        assertEquals(0, r.code(), r.err());
        Path train = out.resolve("noto/train");
        assertEquals(5, metadata(train).size());
        try (var files = Files.list(train)) {
            assertEquals(5, files.filter(p -> p.toString().endsWith(".png")).count(), "earlier images not in the metadata are gone");
        }
        assertTrue(metadata(train).stream().noneMatch(n -> n.get("text").asText().contains("skin tone")));
        assertEquals(1, metadata(out.resolve("noto/test")).size());
    }

    @Test
    void listsFamiliesAndWritesASubject() throws IOException {
        var r = run("data", "emoji", "--cache", cache.toString(), "--list-families");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cat-face") && r.out().contains("\"cat face\""), r.out());

        Path out = tmp.resolve("subject");
        r = run("data", "emoji", "--cache", cache.toString(), "--family", "cat-face", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode subject = new ObjectMapper().readTree(out.resolve("subject.json").toFile());
        assertEquals("cat face", subject.get("class_noun").asText());
        assertEquals("an emoji of a sks cat face", subject.get("instance_prompt").asText());
        assertEquals("an emoji of a cat face", subject.get("class_prompt").asText());
        assertEquals("twemoji", subject.get("style").asText());
        assertEquals(6, subject.get("images").size());
        Set<String> files = metadata(out).stream().map(n -> n.get("file_name").asText()).collect(Collectors.toSet());
        assertEquals(6, files.size());
        for (JsonNode n : metadata(out)) assertEquals("an emoji of a sks cat face", n.get("text").asText());
        for (JsonNode img : subject.get("images")) assertTrue(files.contains(img.get("file_name").asText()));
        assertTrue(Files.readString(out.resolve("NOTICE")).contains("Twemoji"));

        r = run("data", "emoji", "--cache", cache.toString(), "--family", "dogs", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no emoji family 'dogs'") && r.err().contains("cat-face"), r.err());
    }

    @Test
    void missingOrFailingNpmIsAClearError() throws IOException {
        var r = run("data", "emoji", "--cache", tmp.resolve("empty").toString(), "--npm", tmp.resolve("no-such-npm").toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot run") && r.err().contains("npm") && r.err().contains("emoji-datasource"), r.err());

        Path npm = tmp.resolve("offline-npm");
        Files.writeString(npm, "#!/bin/sh\necho 'npm error code ENOTFOUND' >&2\nexit 1\n");
        assertTrue(npm.toFile().setExecutable(true));
        r = run("data", "emoji", "--cache", tmp.resolve("empty").toString(), "--npm", npm.toString(), "--list-families");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("npm install failed") && r.err().contains("network") && r.err().contains("ENOTFOUND"), r.err());
    }

    @Test
    void badOptionsAreClearErrors() {
        var r = run("data", "emoji", "--cache", cache.toString());
        assertTrue(r.code() != 0 && r.err().contains("--out"), r.err());
        r = run("data", "emoji", "--cache", cache.toString(), "--out", tmp.resolve("y").toString(), "--styles", "apple");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown emoji style 'apple'"), r.err());
    }
}
