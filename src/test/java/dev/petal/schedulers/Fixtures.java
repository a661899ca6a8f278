package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the reference fixtures are and how to read their JSON. */
final class Fixtures {
    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Fixtures() {
    }

    /** The SD fixture root (shared rule: {@link dev.petal.Fixtures#sd()}). */
    static Path root() {
        return dev.petal.Fixtures.sd();
    }

    /** Every folder under {@code <root>/schedulers}, sorted. */
    static List<Path> schedulerFolders() {
        Path dir = root().resolve("schedulers");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(Files::isDirectory).sorted().toList();
            if (out.isEmpty()) throw new IllegalStateException("no scheduler fixtures under " + dir);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
