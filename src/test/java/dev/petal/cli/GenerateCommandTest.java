package dev.petal.cli;

import dev.petal.images.Images;
import dev.petal.pipeline.PipelineFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void materialize() {
        model = PipelineFixture.materialize(tmp.resolve("pipe"));
    }

    @Test
    void generatesPngsAndTheSameSeedGivesTheSameImages() throws Exception {
        for (String run : new String[]{"a", "b"}) {
            var r = InspectCommandTest.run("generate", "--model", model.toString(), "--prompt", "a red fox", "--prompt", "a lighthouse",
                    "--negative", "blurry", "--steps", "4", "--seed", "7", "--sampler", "dpmpp-2m", "--out", tmp.resolve(run).toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("2 image(s)"), r.out());
        }
        for (String f : new String[]{"7-000.png", "7-001.png", "7-grid.png"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
        var img = Images.read(tmp.resolve("a/7-000.png"));
        assertEquals(24, img.getWidth());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a/7-000.png")), Files.readAllBytes(tmp.resolve("a/7-001.png"))),
                "different prompts give different images");
    }

    @Test
    void everySamplerRuns() {
        for (String s : dev.petal.schedulers.Samplers.NAMES) {
            var r = InspectCommandTest.run("generate", "--model", model.toString(), "--prompt", "x", "--steps", "3",
                    "--sampler", s, "--out", tmp.resolve("s-" + s).toString());
            assertEquals(0, r.code(), s + ": " + r.err());
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        var r = InspectCommandTest.run("generate", "--model", model.toString(), "--prompt", "x", "--sampler", "heun");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("heun") && r.err().contains("dpmpp-2m"), r.err());
        r = InspectCommandTest.run("generate", "--model", tmp.toString(), "--prompt", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("model_index.json"), r.err());
        r = InspectCommandTest.run("generate", "--model", model.toString(), "--prompt", "x", "--width", "21");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("multiples of 2"), r.err());
    }
}
