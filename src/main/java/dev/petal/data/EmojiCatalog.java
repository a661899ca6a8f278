package dev.petal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The emoji of emoji-datasource's {@code emoji.json}, base emoji and skin-tone variants, in catalogue order. The
 * {@code Component} category (bare skin-tone swatches) is left out: those are colour patches, not emoji.
 */
public final class EmojiCatalog {
    private final List<Emoji> all;

    private EmojiCatalog(List<Emoji> all) {
        this.all = List.copyOf(all);
    }

    /** Reads {@code emoji.json} of an emoji-datasource package folder. */
    public static EmojiCatalog read(Path packageDir) {
        Path json = packageDir.resolve("emoji.json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(json + ": cannot read the emoji catalogue: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException(json + ": expected a JSON array of emoji");
        List<JsonNode> bases = new ArrayList<>();
        root.forEach(bases::add);
        bases.sort(Comparator.comparingInt(n -> n.path("sort_order").asInt()));
        List<Emoji> all = new ArrayList<>();
        for (JsonNode n : bases) {
            String shortName = text(json, n, "short_name"), name = text(json, n, "name");
            String category = text(json, n, "category"), sub = text(json, n, "subcategory");
            if (category.equals("Component")) continue;
            int order = n.path("sort_order").asInt();
            all.add(new Emoji(text(json, n, "image"), shortName, name, category, sub, order, List.of()));
            List<String> tones = new ArrayList<>();
            n.path("skin_variations").fieldNames().forEachRemaining(tones::add);
            tones.sort(null);
            for (String tone : tones) {
                String image = text(json, n.path("skin_variations").path(tone), "image");
                all.add(new Emoji(image, shortName, name, category, sub, order, Arrays.asList(tone.split("-"))));
            }
        }
        return new EmojiCatalog(all);
    }

    private static String text(Path json, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(json + ": emoji " + n.path("unified").asText("?") + " has no '" + field + "'");
        }
        return v.asText();
    }

    /** Every emoji image, skin-tone variants right after their base emoji. */
    public List<Emoji> all() {
        return all;
    }

    /** The base emoji only (no skin-tone variants). */
    public List<Emoji> bases() {
        return all.stream().filter(Emoji::isBase).toList();
    }
}
