package dev.petal.data;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny stand-in for the emoji-datasource npm packages, laid out as npm installs them
 * ({@code CACHE/node_modules/emoji-datasource/emoji.json}, {@code …-google/img/google/64/*.png}, …), so tests never
 * touch the network. Images are 64×64 RGBA: a transparent background with an opaque disc whose colour encodes the
 * emoji and style.
 */
final class FakeEmojiPackages {
    /** (name, short name, category, subcategory, skin tones?) — cat faces make a family, flags do not. */
    static final String[][] EMOJI = {
            {"GRINNING CAT FACE WITH SMILING EYES", "smile_cat", "Smileys & Emotion", "cat-face", ""},
            {"CAT FACE WITH TEARS OF JOY", "joy_cat", "Smileys & Emotion", "cat-face", ""},
            {"SMILING CAT FACE WITH OPEN MOUTH", "smiley_cat", "Smileys & Emotion", "cat-face", ""},
            {"SMILING CAT FACE WITH HEART-SHAPED EYES", "heart_eyes_cat", "Smileys & Emotion", "cat-face", ""},
            {"CAT FACE WITH WRY SMILE", "smirk_cat", "Smileys & Emotion", "cat-face", ""},
            {"KISSING CAT FACE WITH CLOSED EYES", "kissing_cat", "Smileys & Emotion", "cat-face", ""},
            {"POUTING CAT FACE", "pouting_cat", "Smileys & Emotion", "cat-face", ""},
            {"GRINNING FACE", "grinning", "Smileys & Emotion", "face-smiling", ""},
            {"SMILING FACE WITH OPEN MOUTH", "smiley", "Smileys & Emotion", "face-smiling", ""},
            {"WINKING FACE", "wink", "Smileys & Emotion", "face-smiling", ""},
            {"KISSING FACE", "kissing", "Smileys & Emotion", "face-affection", ""},
            {"FACE THROWING A KISS", "kissing_heart", "Smileys & Emotion", "face-affection", ""},
            {"SMILING FACE WITH HEART-SHAPED EYES", "heart_eyes", "Smileys & Emotion", "face-affection", ""},
            {"SEE-NO-EVIL MONKEY", "see_no_evil", "Smileys & Emotion", "monkey-face", ""},
            {"HEAR-NO-EVIL MONKEY", "hear_no_evil", "Smileys & Emotion", "monkey-face", ""},
            {"WAVING HAND SIGN", "wave", "People & Body", "hand-fingers-open", "tones"},
            {"PERSON GOLFING", "golfer", "People & Body", "person-sport", "tones"},
            {"MAN GOLFING", "man-golfing", "People & Body", "person-sport", "tones"},
            {"WOMAN GOLFING", "woman-golfing", "People & Body", "person-sport", "tones"},
            {"EMOJI MODIFIER FITZPATRICK TYPE-4", "skin-tone-4", "Component", "skin-tone", ""},
            {"Japan Flag", "jp", "Flags", "country-flag", ""},
            {"France Flag", "fr", "Flags", "country-flag", ""},
            {"Spain Flag", "es", "Flags", "country-flag", ""},
            {"GRAPES", "grapes", "Food & Drink", "food-fruit", ""},
            {"UMBRELLA", "umbrella", "Travel & Places", "sky & weather", ""},
    };
    static final List<String> TONES = List.of("1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF");

    private FakeEmojiPackages() {
    }

    /** Writes the three packages under {@code cache/node_modules} and returns {@code node_modules}. */
    static Path write(Path cache) {
        Path modules = cache.resolve("node_modules");
        try {
            List<Map<String, Object>> entries = new ArrayList<>();
            List<String> images = new ArrayList<>();
            for (int i = 0; i < EMOJI.length; i++) {
                String[] e = EMOJI[i];
                String code = Integer.toHexString(0x1f600 + i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e[0]);
                m.put("unified", code.toUpperCase());
                m.put("image", code + ".png");
                m.put("short_name", e[1]);
                m.put("short_names", List.of(e[1]));
                m.put("category", e[2]);
                m.put("subcategory", e[3]);
                m.put("sort_order", 100 - i); // the file order is not the catalogue order
                images.add(code + ".png");
                if (!e[4].isEmpty()) {
                    Map<String, Object> variations = new LinkedHashMap<>();
                    for (String t : TONES) {
                        variations.put(t, Map.of("unified", code + "-" + t, "image", code + "-" + t.toLowerCase() + ".png"));
                        images.add(code + "-" + t.toLowerCase() + ".png");
                    }
                    m.put("skin_variations", variations);
                }
                entries.add(m);
            }
            var json = new ObjectMapper();
            writePackage(json, modules.resolve(EmojiPackages.CATALOGUE));
            json.writeValue(modules.resolve(EmojiPackages.CATALOGUE).resolve("emoji.json").toFile(), entries);
            for (EmojiStyle style : EmojiStyle.values()) {
                writePackage(json, modules.resolve(style.npmPackage));
                Path dir = style.imageDir(modules);
                Files.createDirectories(dir);
                for (int i = 0; i < images.size(); i++) ImageIO.write(disc(i, style), "png", dir.resolve(images.get(i)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modules;
    }

    private static void writePackage(ObjectMapper json, Path dir) throws IOException {
        Files.createDirectories(dir);
        json.writeValue(dir.resolve("package.json").toFile(), Map.of("name", dir.getFileName().toString(), "version", EmojiPackages.VERSION));
    }

    /** Transparent 64×64 with an opaque disc of a colour unique to (image, style). */
    static BufferedImage disc(int i, EmojiStyle style) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        var g = img.createGraphics();
        g.setColor(new Color((37 * i) % 200, style == EmojiStyle.NOTO ? 40 : 160, (11 * i) % 200));
        g.fillOval(8, 8, 48, 48);
        g.dispose();
        return img;
    }
}
