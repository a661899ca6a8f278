package dev.petal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.images.Images;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the emoji image–caption sets from the emoji-datasource packages.
 *
 * <pre>
 * OUT/NOTICE                          licences and attribution
 * OUT/&lt;style&gt;/train/metadata.jsonl     file_name, text, style, category, subcategory, base_name, split
 * OUT/&lt;style&gt;/train/1f638.png …        64×64 RGB, alpha composited onto white
 * OUT/&lt;style&gt;/test/…                   the held-out split ({@link EmojiSplits})
 * </pre>
 *
 * A subject folder ({@link #writeSubject}) holds a family's images, a {@code metadata.jsonl} whose text is the
 * instance prompt, {@code subject.json} and NOTICE.
 */
public final class EmojiDatasets {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param styles    the image sets to write
     * @param skinTones whether skin-tone variants are included (captioned "…, medium skin tone") or only base emoji
     * @param maxTrain  at most this many images in each style's train split (the first in {@link EmojiSplits#ORDER})
     * @param maxTest   the same for the held-out split
     */
    public record Options(List<EmojiStyle> styles, boolean skinTones, int maxTrain, int maxTest) {
        public Options {
            styles = List.copyOf(styles);
            if (styles.isEmpty()) throw new IllegalArgumentException("no emoji style selected");
            if (maxTrain < 0 || maxTest < 0) throw new IllegalArgumentException("image limits must be ≥ 0");
        }

        public static Options all() {
            return new Options(List.of(EmojiStyle.values()), true, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
    }

    private EmojiDatasets() {
    }

    /** Writes every selected style and split under {@code out}; returns the image count per "style/split". */
    public static Map<String, Integer> build(EmojiCatalog catalog, Path nodeModules, Options options, Path out) {
        Map<Emoji, Integer> position = new HashMap<>();
        List<Emoji> all = catalog.all();
        for (int i = 0; i < all.size(); i++) position.put(all.get(i), i);
        Map<String, List<Emoji>> splits = new LinkedHashMap<>();
        for (String split : List.of(EmojiSplits.TRAIN, EmojiSplits.TEST)) {
            int max = split.equals(EmojiSplits.TRAIN) ? options.maxTrain() : options.maxTest();
            splits.put(split, all.stream()
                    .filter(e -> (options.skinTones() || e.isBase()) && EmojiSplits.of(e).equals(split))
                    .sorted(EmojiSplits.ORDER).limit(max)
                    .sorted(Comparator.comparing(position::get)).toList());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (EmojiStyle style : options.styles()) {
            Path images = imageDir(style, nodeModules);
            for (var split : splits.entrySet()) {
                var writer = new ImageFolderWriter(out.resolve(style.id).resolve(split.getKey()));
                for (Emoji e : split.getValue()) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("text", EmojiCaptions.caption(e));
                    fields.put("style", style.id);
                    fields.put("category", e.category());
                    fields.put("subcategory", e.subcategory());
                    fields.put("base_name", e.baseName());
                    fields.put("split", split.getKey());
                    writer.add(e.image(), readImage(images, e), fields);
                }
                counts.put(style.id + "/" + split.getKey(), writer.finish());
            }
        }
        ImageFolderWriter.writeIfChanged(out.resolve("NOTICE"), notice(options.styles()).getBytes(StandardCharsets.UTF_8));
        return counts;
    }

    /** Writes a personalization subject: the family's images in {@code style}, metadata, subject.json, NOTICE. */
    public static int writeSubject(EmojiFamily family, EmojiStyle style, Path nodeModules, Path out) {
        Path images = imageDir(style, nodeModules);
        var writer = new ImageFolderWriter(out);
        List<Map<String, Object>> members = new ArrayList<>();
        for (Emoji e : family.members()) {
            writer.add(e.image(), readImage(images, e), Map.of("text", family.instancePrompt()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file_name", e.image());
            m.put("base_name", e.baseName());
            m.put("caption", EmojiCaptions.caption(e));
            m.put("split", EmojiSplits.of(e));
            members.add(m);
        }
        int n = writer.finish();
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", family.name());
        subject.put("class_noun", family.classNoun());
        subject.put("style", style.id);
        subject.put("subcategory", family.subcategory());
        subject.put("token", EmojiFamily.TOKEN);
        subject.put("instance_prompt_template", EmojiFamily.INSTANCE_TEMPLATE);
        subject.put("class_prompt_template", EmojiFamily.CLASS_TEMPLATE);
        subject.put("instance_prompt", family.instancePrompt());
        subject.put("class_prompt", family.classPrompt());
        subject.put("images", members);
        try {
            String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(subject) + "\n";
            ImageFolderWriter.writeIfChanged(out.resolve("subject.json"), json.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ImageFolderWriter.writeIfChanged(out.resolve("NOTICE"), notice(List.of(style)).getBytes(StandardCharsets.UTF_8));
        return n;
    }

    private static Path imageDir(EmojiStyle style, Path nodeModules) {
        Path dir = style.imageDir(nodeModules);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": no " + style.id + " images (is " + style.npmPackage + " installed?)");
        return dir;
    }

    private static java.awt.image.BufferedImage readImage(Path dir, Emoji e) {
        Path file = dir.resolve(e.image());
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": image of '" + e.baseName() + "' missing from the package");
        return Images.read(file); // RGB, transparency composited onto white
    }

    /** The NOTICE written next to the data: sources, licences, attribution and what Petal changed. */
    public static String notice(List<EmojiStyle> styles) {
        StringBuilder s = new StringBuilder("""
                Emoji image–caption data built by Petal (`petal data emoji`) from the emoji-datasource npm packages 16.0.0.

                Emoji names, categories and subcategories (the captions are written from them): emoji-datasource
                (https://github.com/iamcal/emoji-data), MIT License, Copyright (c) 2013 Cal Henderson.

                """);
        for (EmojiStyle style : styles) s.append(style.attribution).append("\n\n");
        s.append("""
                Changes made by Petal: the 64×64 images were composited onto a white background and saved as RGB PNG;
                the captions were written from the emoji names. Petal's data sets are not endorsed by the authors.

                The MIT License (MIT) of emoji-datasource:

                Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
                documentation files (the "Software"), to deal in the Software without restriction, including without limitation
                the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
                to permit persons to whom the Software is furnished to do so, subject to the following conditions:

                The above copyright notice and this permission notice shall be included in all copies or substantial portions
                of the Software.

                THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
                THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
                AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
                CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
                DEALINGS IN THE SOFTWARE.
                """);
        return s.toString();
    }
}
