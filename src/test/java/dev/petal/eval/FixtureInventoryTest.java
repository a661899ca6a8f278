package dev.petal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixture copy is complete and intact (every MANIFEST entry with its size and SHA-256), and holds only kinds of
 * fixtures some test reads: a new folder or image that no test knows fails here instead of being skipped.
 */
class FixtureInventoryTest {
    static final Set<String> KINDS = Set.of("images", "preprocess", "clip", "dino", "fd_kid", "inception");

    @Test
    void manifestFilesArePresentAndUnchanged() throws Exception {
        Path root = EvalFixtures.root();
        JsonNode files = EvalFixtures.json(root.resolve("MANIFEST.json")).get("files");
        assertTrue(files.size() > 0);
        for (var e : files.properties()) {
            Path f = root.resolve(e.getKey());
            assertTrue(Files.isRegularFile(f), "missing fixture file " + e.getKey());
            assertEquals(e.getValue().get("bytes").asLong(), Files.size(f), e.getKey() + " size");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
            assertEquals(e.getValue().get("sha256").asText(), sha, e.getKey() + " sha256");
        }
    }

    @Test
    void everyFolderAndImageIsOfAKnownKind() throws Exception {
        Path root = EvalFixtures.root();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p) && !KINDS.contains(p.getFileName().toString())) fail("unknown kind of eval fixture: " + p);
            }
        }
        Set<String> listed = new HashSet<>();
        EvalFixtures.json(root.resolve("images/images.json")).get("images").forEach(i -> listed.add(i.get("file").asText()));
        try (Stream<Path> s = Files.list(root.resolve("images"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).toList()) {
                assertTrue(listed.contains("images/" + p.getFileName()), p + " is not described in images.json");
            }
        }
    }
}
