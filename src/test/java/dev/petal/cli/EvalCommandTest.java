package dev.petal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.eval.EvalFixtures;
import dev.petal.safetensors.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petal eval} end to end on the fixture images and tiny models: CLIP-T / CLIP-I / DINO equal the reference
 * cosines (PNG files → Pillow-exact preprocessing → networks), FID/KID carry their small-sample warnings, the second
 * run is served from the feature cache, and bad inputs are clear errors.
 */
class EvalCommandTest {
    static final double TOL = 1e-4;
    @TempDir
    static Path tmp;
    static Path fixtures, images, prompts;

    /** Runs {@code petal eval ARGS} as Main does (errors become "error: …" and exit code 1). */
    static InspectCommandTest.Result eval(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return new InspectCommandTest.Result(cli.execute(args), out.toString(), err.toString());
    }

    @BeforeAll
    static void inputs() throws Exception {
        fixtures = EvalFixtures.root();
        images = fixtures.resolve("images");
        List<String> lines = new ArrayList<>();
        EvalFixtures.json(fixtures.resolve("clip/meta.json")).get("prompts").forEach(p -> lines.add(p.asText()));
        prompts = Files.write(tmp.resolve("prompts.txt"), lines.subList(0, 4));
    }

    static String[] allMetrics(Path out) {
        return new String[]{"--generated", images.toString(), "--reference", images.toString(), "--prompts", prompts.toString(),
                "--metrics", "clip-i,clip-t,dino,fid,kid", "--clip", fixtures.resolve("clip/model").toString(),
                "--dino", fixtures.resolve("dino/model").toString(),
                "--inception", fixtures.resolve("inception/pt_inception_fid_random.safetensors.gz").toString(),
                "--cache", tmp.resolve("cache").toString(), "--out", out.toString()};
    }

    static JsonNode result(JsonNode report, String metric) {
        for (JsonNode r : report.get("results")) if (r.get("metric").asText().equals(metric)) return r;
        throw new AssertionError("no " + metric + " in " + report);
    }

    @Test
    void allMetricsMatchTheReferenceAndTheSecondRunUsesTheCache() throws Exception {
        var first = eval(allMetrics(tmp.resolve("first.json")));
        assertEquals(0, first.code(), first.err());
        for (String m : List.of("clip-i", "clip-t", "dino", "fid", "kid")) assertTrue(first.out().contains(m), first.out());
        assertTrue(first.out().contains("! generated: 4 samples for 2048-d features"), first.out());
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("first.json").toFile());

        try (SafetensorsFile clip = SafetensorsFile.open(fixtures.resolve("clip/io.safetensors"));
             SafetensorsFile dino = SafetensorsFile.open(fixtures.resolve("dino/io.safetensors"))) {
            float[] cosIt = clip.floats("cos_image_text");
            double diag = 0;
            for (int i = 0; i < 4; i++) diag += cosIt[i * 5 + i] / 4;
            JsonNode clipT = result(report, "clip-t");
            assertEquals(diag, clipT.get("value").asDouble(), TOL, "clip-t");
            double tm = EvalFixtures.json(fixtures.resolve("clip/meta.json")).get("torchmetrics_clip_score").get("value").asDouble();
            assertEquals(tm, clipT.get("details").get("clip_score").asDouble(), TOL * tm, "torchmetrics clip_score");
            assertEquals(mean(clip.floats("cos_image_image")), result(report, "clip-i").get("value").asDouble(), TOL, "clip-i");
            assertEquals(mean(dino.floats("cos_cls")), result(report, "dino").get("value").asDouble(), TOL, "dino");
        }
        JsonNode fid = result(report, "fid");
        double traces = fid.get("details").get("trace_generated").asDouble() + fid.get("details").get("trace_reference").asDouble();
        assertTrue(Math.abs(fid.get("value").asDouble()) < 1e-6 * traces, "identical sets: FID ≈ 0, got " + fid);
        assertEquals(4, fid.get("samples").get("generated").asInt());
        assertTrue(fid.get("warnings").get(0).asText().contains("singular"), fid.toString());
        assertTrue(result(report, "kid").get("warnings").toString().contains("reduced from 1000 to 4"));
        assertEquals(12, report.get("cache").get("misses").asInt(), "3 networks × 4 images");
        assertEquals(12, report.get("cache").get("hits").asInt(), "the reference folder holds the same files: served by content hash");

        var second = eval(allMetrics(tmp.resolve("second.json")));
        assertEquals(0, second.code(), second.err());
        JsonNode again = new ObjectMapper().readTree(tmp.resolve("second.json").toFile());
        assertEquals(0, again.get("cache").get("misses").asInt(), "every feature comes from the cache");
        assertEquals(24, again.get("cache").get("hits").asInt());
        for (String m : List.of("clip-i", "clip-t", "dino", "fid", "kid")) {
            assertEquals(result(report, m).get("value").asDouble(), result(again, m).get("value").asDouble(), 0.0, m);
        }
    }

    /** FD and KID on CLIP image embeddings equal the same statistics computed from the reference embeddings. */
    @Test
    void frechetAndKernelDistancesOnClipFeatures() throws Exception {
        Path ref = Files.createDirectories(tmp.resolve("ref-two"));
        List<String> names = List.of("img0_rgb_53x29.png", "img1_rgb_200x310.png", "img2_rgba_80x56.png", "img3_gray_270x354.png");
        Files.copy(images.resolve(names.get(0)), ref.resolve(names.get(0)));
        Files.copy(images.resolve(names.get(2)), ref.resolve(names.get(2)));
        Path out = tmp.resolve("fd-clip.json");
        var r = eval("--generated", images.toString(), "--reference", ref.toString(), "--metrics", "fd-clip,kid-clip",
                "--clip", fixtures.resolve("clip/model").toString(), "--kid-subset-size", "2", "--no-cache", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        double[][] all;
        try (SafetensorsFile clip = SafetensorsFile.open(fixtures.resolve("clip/io.safetensors"))) {
            float[] e = clip.floats("vision.image_embeds");
            all = new double[4][20];
            for (int i = 0; i < 4; i++) for (int j = 0; j < 20; j++) all[i][j] = e[i * 20 + j];
        }
        double[][] two = {all[0], all[2]};
        var fd = dev.petal.eval.metrics.FrechetDistance.of(dev.petal.eval.metrics.GaussianStats.of(all),
                dev.petal.eval.metrics.GaussianStats.of(two), dev.petal.eval.metrics.FdMethod.EIGH_SYMMETRIC);
        JsonNode got = result(report, "fd-clip");
        assertEquals(fd.value(), got.get("value").asDouble(), TOL * Math.max(1, Math.abs(fd.value())), got.toString());
        assertEquals(20, got.get("details").get("dims").asInt());
        var kid = dev.petal.eval.metrics.Kid.of(all, two, dev.petal.eval.metrics.Kid.DEFAULT_SUBSETS, 2, dev.petal.eval.metrics.Kid.DEFAULT_SEED);
        assertEquals(kid.mean(), result(report, "kid-clip").get("value").asDouble(), TOL * Math.max(1, Math.abs(kid.mean())));
        var missing = eval("--generated", images.toString(), "--reference", ref.toString(), "--metrics", "fd-clip", "--out", out.toString());
        assertTrue(missing.code() != 0 && missing.err().contains("--clip"), missing.err());
    }

    static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    @Test
    void missingInputsAreReportedTogetherBeforeAnyModelLoads() {
        var r = eval("--generated", images.toString(), "--metrics", "clip-i,clip-t,dino,fid", "--no-cache", "--out", tmp.resolve("x.json").toString());
        assertEquals(1, r.code());
        for (String s : List.of("--reference", "--prompts", "--clip", "--dino", "--inception")) assertTrue(r.err().contains(s), s + " in " + r.err());
        r = eval("--generated", images.toString(), "--metrics", "clip-t,sharpness");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown metric 'sharpness'"), r.err());
    }

    @Test
    void modelFolderWithoutWeightsIsAClearError() throws Exception {
        Path noWeights = Files.createDirectories(tmp.resolve("clip-no-weights"));
        Files.copy(fixtures.resolve("clip/model/config.json"), noWeights.resolve("config.json"));
        var r = eval("--generated", images.toString(), "--reference", images.toString(), "--metrics", "clip-i", "--clip", noWeights.toString(), "--no-cache");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("clip-no-weights") && r.err().contains(".safetensors"), r.err());
        r = eval("--generated", images.toString(), "--reference", images.toString(), "--metrics", "fid",
                "--inception", tmp.resolve("missing.safetensors").toString(), "--no-cache");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing.safetensors"), r.err());
    }

    @Test
    void emptyFoldersAndUnreadableImagesAreClearErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var r = eval("--generated", empty.toString(), "--prompts", prompts.toString(), "--metrics", "clip-t", "--clip", fixtures.resolve("clip/model").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no generated images"), r.err());
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("a.png"), "not a png");
        r = eval("--generated", broken.toString(), "--prompts", Files.writeString(tmp.resolve("one.txt"), "a fox\n").toString(), "--metrics", "clip-t",
                "--clip", fixtures.resolve("clip/model").toString(), "--no-cache");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("a.png") && r.err().contains("not a readable image"), r.err());
        r = eval("--generated", images.toString(), "--prompts", Files.writeString(tmp.resolve("two.txt"), "a\nb\n").toString(),
                "--metrics", "clip-t", "--clip", fixtures.resolve("clip/model").toString(), "--no-cache");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("2 prompts for 4 generated images"), r.err());
    }
}
