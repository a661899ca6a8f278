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
    void stagesChainAndTheEvaluationReportsClipTAndFd() {
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
    }
}
