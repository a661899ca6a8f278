package dev.petal.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A prompts file for CLIP-T: UTF-8, one prompt per line (an empty line is the empty prompt; blank lines at the end
 * are ignored). One line applies to every generated image; otherwise there must be one line per generated image,
 * matched in file-name order.
 */
public final class Prompts {
    private Prompts() {
    }

    public static List<String> forImages(Path file, int images) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read prompts: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(file + ": no prompts in the file");
        if (lines.size() == 1) return Collections.nCopies(images, lines.get(0));
        if (lines.size() != images) {
            throw new IllegalArgumentException(file + ": " + lines.size() + " prompts for " + images
                    + " generated images (give one prompt for all, or one per image in file-name order)");
        }
        return lines;
    }
}
