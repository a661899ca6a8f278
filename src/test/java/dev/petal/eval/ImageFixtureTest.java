package dev.petal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.image.RgbImage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** PNG decoding: every fixture image's raw samples (L, RGB, RGBA) hash as Pillow decodes them; RGB conversion drops alpha. */
class ImageFixtureTest {

    @TestFactory
    List<DynamicTest> decodedPixelsMatchPillow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode img : EvalFixtures.json(EvalFixtures.root().resolve("images/images.json")).get("images")) {
            tests.add(DynamicTest.dynamicTest(img.get("name").asText(), () -> {
                Path file = EvalFixtures.root().resolve(img.get("file").asText());
                BufferedImage raw = ImageIO.read(file.toFile());
                assertEquals(img.get("width").asInt(), raw.getWidth());
                assertEquals(img.get("height").asInt(), raw.getHeight());
                int channels = img.get("channels").asInt();
                assertEquals(channels, raw.getRaster().getNumBands(), "channels");
                assertEquals(img.get("decoded_sha256").asText(), sha256(rawSamples(raw)), "decoded pixels");
                RgbImage rgb = ImageFiles.read(file);
                byte[] expected = toRgb(rawSamples(raw), channels);
                assertArrayEquals(expected, rgb.pixels(), "convert('RGB')");
            }));
        }
        return tests;
    }

    /** Row-major HxW (L) or HxWxC samples straight from the raster. */
    static byte[] rawSamples(BufferedImage img) {
        var r = img.getRaster();
        int w = img.getWidth(), h = img.getHeight(), c = r.getNumBands();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int b = 0; b < c; b++) out[(y * w + x) * c + b] = (byte) r.getSample(x, y, b);
        return out;
    }

    static byte[] toRgb(byte[] samples, int channels) {
        int n = samples.length / channels;
        byte[] out = new byte[n * 3];
        for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) out[i * 3 + c] = samples[i * channels + (channels == 1 ? 0 : c)];
        return out;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
