package dev.petal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.Fixtures;
import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.image.RgbImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The evaluation fixtures ({@code -Dpetal.eval.fixtures=DIR}, default {@code src/test/fixtures/eval}). */
public final class EvalFixtures {
    private EvalFixtures() {
    }

    public static Path root() {
        return Fixtures.root("petal.eval.fixtures", "src/test/fixtures/eval");
    }

    public static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture images by name (images.json order), decoded as Pillow's convert("RGB"). */
    public static Map<String, RgbImage> images() {
        Map<String, RgbImage> out = new LinkedHashMap<>();
        for (JsonNode img : json(root().resolve("images/images.json")).get("images")) {
            out.put(img.get("name").asText(), ImageFiles.read(root().resolve(img.get("file").asText())));
        }
        return out;
    }

    /** Decompresses a {@code .gz} fixture into {@code dir} (the file name without .gz) and returns the copy. */
    public static Path gunzip(Path gz, Path dir) {
        String name = gz.getFileName().toString();
        Path out = dir.resolve(name.substring(0, name.length() - 3));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
