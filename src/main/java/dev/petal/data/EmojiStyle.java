package dev.petal.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** An emoji image set: which npm package holds its 64 px images, and what its licence asks for. */
public enum EmojiStyle {
    NOTO("noto", "emoji-datasource-google", "google", """
            Noto Emoji images (Google), from the npm package emoji-datasource-google 16.0.0
            (https://github.com/googlefonts/noto-emoji, v2.048). Copyright Google Inc.
            Licensed under the Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0"""),
    TWEMOJI("twemoji", "emoji-datasource-twitter", "twitter", """
            Twemoji images, from the npm package emoji-datasource-twitter 16.0.0
            (https://github.com/jdecked/twemoji, v16.0.1). Copyright Twitter, Inc. and other contributors.
            Licensed under CC-BY 4.0: https://creativecommons.org/licenses/by/4.0/""");

    /** The style's name in folders and metadata. */
    public final String id;
    public final String npmPackage;
    private final String set;
    /** Attribution and licence for the NOTICE file. */
    public final String attribution;

    EmojiStyle(String id, String npmPackage, String set, String attribution) {
        this.id = id;
        this.npmPackage = npmPackage;
        this.set = set;
        this.attribution = attribution;
    }

    /** The folder of 64×64 PNGs in an installed package: {@code <node_modules>/<package>/img/<set>/64}. */
    public Path imageDir(Path nodeModules) {
        return nodeModules.resolve(npmPackage).resolve("img").resolve(set).resolve("64");
    }

    public static EmojiStyle parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown emoji style '" + id + "' (valid: noto, twemoji)"));
    }
}
