package dev.petal.eval.features;

import dev.petal.eval.EvalFixtures;
import dev.petal.eval.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feature cache: keyed by file content and model fingerprint, atomic entries, damaged entries recomputed. */
class FeatureCacheTest {
    @TempDir
    Path tmp;

    /** Features = per-channel means; counts how many images it saw. */
    static final class MeanColor implements ImageFeatureExtractor {
        int seen;
        final String fingerprint;

        MeanColor(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        public String kind() {
            return "mean";
        }

        public String model() {
            return "mean colour";
        }

        public String preprocessing() {
            return "none";
        }

        public String fingerprint() {
            return fingerprint;
        }

        public int dim() {
            return 3;
        }

        public float[][] extract(List<RgbImage> images) {
            seen += images.size();
            float[][] out = new float[images.size()][3];
            for (int i = 0; i < images.size(); i++) {
                RgbImage img = images.get(i);
                for (int p = 0; p < img.width() * img.height(); p++) for (int c = 0; c < 3; c++) out[i][c] += (img.pixels()[p * 3 + c] & 0xFF);
            }
            return out;
        }
    }

    List<Path> copies() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imgs"));
        Path a = Files.copy(EvalFixtures.root().resolve("images/img0_rgb_53x29.png"), dir.resolve("a.png"));
        Path b = Files.copy(EvalFixtures.root().resolve("images/img2_rgba_80x56.png"), dir.resolve("b.png"));
        return List.of(a, b);
    }

    @Test
    void secondLookupHitsEvenUnderAnotherNameAndDamagedEntriesAreRecomputed() throws Exception {
        List<Path> files = copies();
        FeatureCache cache = FeatureCache.at(tmp.resolve("cache"));
        MeanColor net = new MeanColor("f".repeat(64));
        float[][] first = cache.features(net, files);
        assertEquals(2, net.seen);
        Path renamed = Files.copy(files.get(0), files.get(0).resolveSibling("renamed.png"));
        float[][] again = cache.features(net, List.of(files.get(1), renamed));
        assertEquals(2, net.seen, "both served from the cache");
        assertArrayEquals(first[1], again[0]);
        assertArrayEquals(first[0], again[1]);
        assertEquals(2, cache.hits());

        Path folder = tmp.resolve("cache/mean-ffffffffffffffff");
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.toList();
        }
        assertEquals(2, entries.size(), "one entry per content, no temporary files left: " + entries);
        Files.writeString(entries.get(0), "damaged");
        cache.features(net, files);
        assertEquals(3, net.seen, "the damaged entry is recomputed");
        cache.features(net, files);
        assertEquals(3, net.seen, "and rewritten");

        MeanColor other = new MeanColor("0".repeat(64));
        cache.features(other, files);
        assertEquals(2, other.seen, "another model fingerprint has its own entries");
    }

    @Test
    void aDisabledCacheWritesNothing() throws Exception {
        List<Path> files = copies();
        MeanColor net = new MeanColor("a".repeat(64));
        FeatureCache.disabled().features(net, files);
        FeatureCache.disabled().features(net, files);
        assertEquals(4, net.seen);
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void fingerprintsFollowTheWeights() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.write(dir.resolve("model.safetensors"), new byte[3 << 20]);
        String before = ModelFingerprint.of("x", dir);
        assertEquals(before, ModelFingerprint.of("x", dir));
        byte[] changed = new byte[3 << 20];
        changed[changed.length - 5] = 1;
        Files.write(dir.resolve("model.safetensors"), changed);
        assertTrue(!before.equals(ModelFingerprint.of("x", dir)), "a change in the last MiB changes the fingerprint");
        assertTrue(!before.equals(ModelFingerprint.of("y", dir)), "the description is part of it");
    }
}
