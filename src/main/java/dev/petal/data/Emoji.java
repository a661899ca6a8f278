package dev.petal.data;

import java.util.List;

/**
 * One emoji image of the emoji-datasource catalogue: a base emoji or one of its skin-tone variants.
 *
 * @param image       the image file name in the packages' {@code img/<set>/64/} folders, e.g. {@code 1f638.png}
 * @param baseName    the base emoji's short name, shared by its skin-tone variants (e.g. {@code smile_cat})
 * @param name        the base emoji's name as the catalogue spells it (e.g. {@code GRINNING CAT FACE WITH SMILING EYES})
 * @param category    e.g. {@code Smileys & Emotion}
 * @param subcategory e.g. {@code cat-face}
 * @param sortOrder   the catalogue's (CLDR) order of the base emoji
 * @param skinTones   skin-tone modifiers, e.g. {@code [1F3FB]} or {@code [1F3FB, 1F3FF]}; empty for the base emoji
 */
public record Emoji(String image, String baseName, String name, String category, String subcategory, int sortOrder,
                    List<String> skinTones) {
    public Emoji {
        skinTones = List.copyOf(skinTones);
    }

    public boolean isBase() {
        return skinTones.isEmpty();
    }
}
