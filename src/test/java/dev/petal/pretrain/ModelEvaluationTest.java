package dev.petal.pretrain;

import dev.petal.training.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three stages chained on the tiny preset, then {@code petal pretrain eval} on what they made. */
@ExtendWith(OneTorchThread.class)
class ModelEvaluationTest {
    @TempDir
    Path tmp;

    @Test
    void stagesChainAndTheEvaluationReportsClipTAndFd() throws Exception {
        PretrainPreset p = TinyPretrain.preset("fp16");
        Path data = TinyPretrain.data(tmp.resolve("data"), 3, 4);
        var vae = VaePretraining.run(new VaePretraining.Options(p, data, tmp.resolve("vae"), TinyPretrain.optim(2, 2, 1e-3), 0, false),
                new PretrainLoop.Listener() {
                });
        var clip = ClipPretraining.run(new ClipPretraining.Options(p, data, tmp.resolve("clip"), TinyPretrain.optim(2, 4, 1e-3), 0, false),
                new PretrainLoop.Listener() {
                });
        var unet = UnetPretraining.run(new UnetPretraining.Options(p, data, vae.vaeDir(), clip.textEncoderDir(), tmp.resolve("unet"),
                TinyPretrain.optim(2, 2, 1e-3), 0, false, 0, new dev.petal.tasks.Validation(List.of("x"), List.of(0L), 2, 2, "ddim")),
                new Trainer.Listener() {
                });
        Path out = tmp.resolve("eval");
        var r = ModelEvaluation.run(new ModelEvaluation.Options(unet.model(), clip.clipDir(), data, out, 2, 3.0, "dpmpp-2m", 1, 3, 4), n -> {
        });
        assertEquals(4, r.images());
        assertEquals(List.of("clip_t", "clip_t_real_noto_test", "fd_clip", "fd_clip_twemoji_vs_noto_test"), List.copyOf(r.metrics().keySet()));
        r.metrics().values().forEach(v -> assertTrue(Double.isFinite(v), r.metrics().toString()));
        assertTrue(Files.exists(out.resolve("eval.json")) && Files.exists(out.resolve("grid.png")) && Files.exists(out.resolve("images/0003.png")));

        // petal pretrain card: publish the four runs as the embedded model, numbers read back from the run folders
        Path models = tmp.resolve("models");
        Path card = ModelCard.write(tmp, models);
        String md = Files.readString(card);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| VAE reconstruction PSNR, noto test | %.2f dB |", vae.psnr().get("noto"))), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| CLIP-T of generated images (one per Noto test caption) | %.4f |",
                r.metrics().get("clip_t"))), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| FD in CLIP space, generated vs Noto test | %.2f |", r.metrics().get("fd_clip"))), md);
        for (String f : List.of("loss-vae.png", "loss-clip.png", "loss-unet.png", "reconstructions.png", "validation.png", "heldout-samples.png")) {
            assertTrue(Files.size(models.resolve("card").resolve(f)) > 0, f);
        }
        var sd = dev.petal.pipeline.StableDiffusion.load(models.resolve("emoji-tiny"));
        assertEquals(sd.unet().parameterCount(), dev.petal.pipeline.StableDiffusion.load(unet.model()).unet().parameterCount());
        dev.petal.eval.ClipScorer.open(models.resolve("emoji-clip"));
        ModelCard.Curve c = ModelCard.curve(tmp.resolve("unet").resolve("loss.jsonl"));
        assertEquals(2, c.steps());
        double sum = 0;
        double[] times = new double[2];
        int k = 0;
        for (String line : Files.readAllLines(tmp.resolve("unet").resolve("loss.jsonl"))) {
            sum += ModelFiles.JSON.readTree(line).path("loss").asDouble();
            times[k++] = ModelFiles.JSON.readTree(line).path("time_s").asDouble();
        }
        assertEquals(sum / 2, c.finalLoss(), 1e-12);
        assertEquals((times[0] + times[1]) / 2, c.medianStepSeconds(), 1e-12, "the median of two steps is their mean");
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "(%.2f s)", c.medianStepSeconds())), md);

        // a missing stage is named
        Path partial = tmp.resolve("partial");
        ModelCard.copyTree(tmp.resolve("vae"), partial.resolve("vae"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ModelCard.write(partial, tmp.resolve("m2")));
        assertTrue(e.getMessage().contains("clip/eval.json") && e.getMessage().contains("petal pretrain clip"), e.getMessage());
    }
}
