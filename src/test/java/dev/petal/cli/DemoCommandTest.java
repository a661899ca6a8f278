package dev.petal.cli;

import dev.petal.pipeline.PipelineFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's flow on the fixture pipeline and the fixture CLIP (the embedded model has its own smoke run in CI). */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoWritesAReportWithBeforeAfterMetricsAndLoss() throws Exception {
        Path model = PipelineFixture.materialize(tmp.resolve("pipe"));
        Path clip = Path.of(System.getProperty("petal.eval.fixtures", "src/test/fixtures/eval")).resolve("clip/model");
        Path out = tmp.resolve("demo");
        var r = InspectCommandTest.run("demo", "--model", model.toString(), "--clip", clip.toString(), "--steps", "6",
                "--num-class-images", "2", "--num-images", "3", "--sampling-steps", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)CLIP-I [0-9.]+ → [0-9.]+, CLIP-T [-0-9.]+ → [-0-9.]+; adapter [0-9,]+ parameters.*report → .*report.html\\s*"), r.out());
        String html = Files.readString(out.resolve("report.html"));
        for (String f : new String[]{"before.png", "after.png", "subject.png", "loss.png"}) {
            assertTrue(Files.exists(out.resolve(f)) && html.contains(f), f);
        }
        assertTrue(html.contains("clip-i") && html.contains("with adapter"), html);
        assertTrue(html.contains("FFN_in→Trans_out") && html.contains("--input CA_out --output FFN_in"), "the default adapter and why");
    }

    @Test
    void anInvalidAdapterCellIsAClearError() {
        var r = InspectCommandTest.run("demo", "--model", tmp.toString(), "--clip", tmp.toString(), "--subject", tmp.toString(),
                "--input", "FFN_in", "--output", "SA_in", "--out", tmp.resolve("x").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("output SA_in cannot follow input FFN_in"), r.err());
    }

    @Test
    void missingModelIsAClearError() {
        var r = InspectCommandTest.run("demo", "--model", tmp.resolve("nope").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope") && r.err().contains("not found"), r.err());
    }
}
