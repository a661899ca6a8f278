package dev.petal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.Fixtures;
import dev.petal.eval.image.ClipProcessorConfig;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.image.RgbImage;
import dev.petal.models.ConfigReader;
import dev.petal.safetensors.SafetensorsFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every pipeline file in {@code preprocess/} (discovered; {@code clip_*} = CLIPImageProcessor from its config, in
 * both config formats; {@code dino_*} = the torchvision transform of meta.json): resized sizes and crop offsets
 * exact, the uint8 crops bit-exact (Pillow bicubic), {@code pixel_values} at 1e-6.
 */
class PreprocessFixtureTest {
    static final double TOL = 1e-6;

    @TestFactory
    List<DynamicTest> pipelines() {
        Path dir = EvalFixtures.root().resolve("preprocess");
        JsonNode configs = EvalFixtures.json(dir.resolve("meta.json")).get("configs");
        Map<String, RgbImage> images = EvalFixtures.images();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.walk(dir, ".safetensors")) {
            String name = file.getFileName().toString().replace(".safetensors", "");
            JsonNode meta = configs.get(name);
            for (var variant : pipelinesOf(dir, name, meta).entrySet()) {
                tests.add(DynamicTest.dynamicTest(name + " (" + variant.getKey() + ")", () -> check(name + " (" + variant.getKey() + ")", file, meta, variant.getValue(), images)));
            }
        }
        if (tests.isEmpty()) fail("no preprocessing cases in " + dir);
        return tests;
    }

    static Map<String, ImagePipeline> pipelinesOf(Path dir, String name, JsonNode meta) {
        if (meta == null) throw new AssertionError(name + ": not described in preprocess/meta.json");
        if (name.startsWith("clip_")) {
            return Map.of("config", ClipProcessorConfig.parse(ConfigReader.open(dir.resolve(name + "_preprocessor_config.json"))),
                    "legacy config", ClipProcessorConfig.parse(ConfigReader.open(dir.resolve(name + "_preprocessor_config_legacy.json"))));
        }
        if (name.startsWith("dino_")) {
            String p = meta.get("pipeline").asText();
            return Map.of("torchvision", ImagePipeline.dino(group(p, "Resize\\((\\d+)"), group(p, "CenterCrop\\((\\d+)\\)")));
        }
        throw new AssertionError(name + ": unknown kind of preprocessing case (expected clip_* or dino_*)");
    }

    static int group(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        if (!m.find()) throw new AssertionError("no " + regex + " in " + s);
        return Integer.parseInt(m.group(1));
    }

    static void check(String label, Path file, JsonNode meta, ImagePipeline pipeline, Map<String, RgbImage> images) {
        try (SafetensorsFile ref = SafetensorsFile.open(file)) {
            for (JsonNode per : meta.get("per_image")) {
                String img = per.get("image").asText();
                RgbImage in = images.get(img);
                int[] size = pipeline.resizedSize(in.width(), in.height());
                assertArrayEquals(new int[]{per.get("resized_size_wh").get(0).asInt(), per.get("resized_size_wh").get(1).asInt()}, size, img + " resized size");
                assertEquals(per.get("crop_top").asInt(), pipeline.cropRule().offset(size[1], pipeline.cropHeight()), img + " crop top");
                assertEquals(per.get("crop_left").asInt(), pipeline.cropRule().offset(size[0], pipeline.cropWidth()), img + " crop left");
                RgbImage u8 = pipeline.resizeAndCrop(in);
                assertArrayEquals(ref.entry("u8." + img).shape(), new long[]{u8.height(), u8.width(), 3}, img + " crop shape");
                byte[] expected = new byte[u8.pixels().length];
                ref.bytes("u8." + img).asByteBuffer().get(expected);
                assertArrayEquals(expected, u8.pixels(), img + ": uint8 crop differs from Pillow's (" + countDiff(expected, u8.pixels()) + " samples)");
                if (ref.contains("pixel_values." + img)) {
                    EvalParity.assertClose("preprocess " + label + " " + img + " pixel_values", pipeline.toPixels(u8), ref.floats("pixel_values." + img), TOL);
                }
            }
        }
    }

    static int countDiff(byte[] a, byte[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }
}
