package dev.petal.pretrain;

import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;
import dev.petal.tasks.Validation;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import dev.petal.training.LatentDataset;
import dev.petal.training.Trainer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OneTorchThread.class)
class UnetPretrainingTest {
    @TempDir
    static Path tmp;
    static Path data, vae, text;

    @BeforeAll
    static void components() {
        data = TinyPretrain.data(tmp.resolve("data"), 2, 1);
        var o = new VaePretraining.Options(TinyPretrain.preset("fp32"), data, tmp.resolve("vae-run"), TinyPretrain.optim(2, 2, 1e-3), 0, false);
        vae = VaePretraining.run(o, new PretrainLoop.Listener() {
        }).vaeDir();
        text = TinyPretrain.textEncoder(tmp.resolve("text_encoder"));
    }

    static UnetPretraining.Options options(Path out, PretrainPreset preset, Optim optim, boolean resume) {
        var v = new Validation(List.of("an emoji of a disc 0"), List.of(0L), 2, 3.0, "ddim");
        return new UnetPretraining.Options(preset, data, vae, text, out, optim, 3, resume, 0, v);
    }

    @Test
    void denoisingLossFallsAndThePipelineLoadsAndGenerates() throws Exception {
        Path out = tmp.resolve("fit");
        List<Double> losses = new ArrayList<>();
        var r = UnetPretraining.run(options(out, TinyPretrain.preset("fp16"), TinyPretrain.optim(60, 2, 3e-3), false), new Trainer.Listener() {
            @Override
            public void onStep(Trainer.StepLog log) {
                losses.add(log.loss());
            }
        });
        assertEquals(60, losses.size());
        double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.8 * first, "ε-loss should fall on 2 memorisable latents: " + first + " → " + last);

        Path model = r.model();
        for (String f : List.of("model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors", "vae/config.json",
                "text_encoder/model.safetensors", "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/tokenizer_config.json",
                "tokenizer/special_tokens_map.json", "scheduler/scheduler_config.json")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        StableDiffusion sd = StableDiffusion.load(model);
        assertEquals(16, sd.unet().config.sampleSize() * sd.vaeScale());
        var req = new TextToImage.Request(List.of("an emoji of a disc 0"), List.of(), 2, 4.0, "dpmpp-2m", 1, 16, 16, 0);
        Tensor img = TextToImage.generate(sd, req, null);
        assertArrayEquals(new long[]{1, 3, 16, 16}, Tensors.shape(img));
        assertTrue(Files.exists(out.resolve("samples/final.png")));
    }

    @Test
    void aPauseEndsTheRunWithACheckpointThatResumes() {
        PretrainPreset p = TinyPretrain.preset("fp32");
        Optim optim = new Optim(4, 2, 1e-3, "constant", 0, 0.0, 1.0, 0, 2);
        Path out = tmp.resolve("pause");
        var paused = UnetPretraining.run(options(out, p, optim, false), new Trainer.Listener() {
            @Override
            public boolean pauseAfter(int step) {
                return step >= 3;
            }
        });
        assertEquals(3, paused.training().steps(), "pauseAfter reaches the trainer through TrainingRun");
        assertEquals(3, dev.petal.training.Checkpoints.latest(out).step());
        var r = UnetPretraining.run(options(out, p, optim, true), new Trainer.Listener() {
        });
        assertEquals(4, r.training().steps());
        assertEquals(3, r.training().resumedFrom());
    }

    @Test
    void resumeContinuesAndChangedSettingsAreRefused() {
        PretrainPreset p = TinyPretrain.preset("fp32");
        Optim optim = new Optim(4, 2, 1e-3, "constant", 0, 0.0, 1.0, 2, 2);
        Path out = tmp.resolve("resume");
        assertThrows(IllegalStateException.class, () -> UnetPretraining.run(options(out, p, optim, false), new Trainer.Listener() {
            @Override
            public void afterStep(int step) {
                if (step == 3) throw new IllegalStateException("simulated crash");
            }
        }));
        var r = UnetPretraining.run(options(out, p, optim, true), new Trainer.Listener() {
        });
        assertTrue(r.training().steps() == 4 && Files.isDirectory(r.model().resolve("unet")));

        PretrainPreset other = p.withUnet(new PretrainPreset.Unet(p.unet().config(), 0.5, p.unet().rareWords(), p.unet().optim()));
        var e = assertThrows(IllegalArgumentException.class, () -> UnetPretraining.run(options(out, other, optim, true), new Trainer.Listener() {
        }));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void mismatchedComponentsAreClearErrors() {
        PretrainPreset p = TinyPretrain.preset("fp32");
        String wide = p.unet().config().replace("\"cross_attention_dim\": 16", "\"cross_attention_dim\": 24");
        PretrainPreset bad = p.withUnet(new PretrainPreset.Unet(wide, 0.1, 0.2, p.unet().optim()));
        var e = assertThrows(IllegalArgumentException.class, () -> UnetPretraining.run(options(tmp.resolve("bad"), bad, p.unet().optim(), false),
                new Trainer.Listener() {
                }));
        assertTrue(e.getMessage().contains("cross_attention_dim is 24") && e.getMessage().contains("width is 16"), e.getMessage());
        var missing = new UnetPretraining.Options(p, data, tmp.resolve("nowhere"), text, tmp.resolve("bad2"), p.unet().optim(), 0, false, 0, null);
        e = assertThrows(IllegalArgumentException.class, () -> UnetPretraining.run(missing, new Trainer.Listener() {
        }));
        assertTrue(e.getMessage().contains("--vae") && e.getMessage().contains("petal pretrain vae"), e.getMessage());
    }

    /** One random image with one caption, encoded by a pipeline of the tiny VAE and text encoder. */
    private record OneImage(StableDiffusion sd, dev.petal.pipeline.PromptEncoder enc, LatentDataset ds) {
    }

    private OneImage oneImage(String folder, String caption) {
        Torch.seed(0);
        Tensor img = torch.rand(3, 16, 16).mul(new org.bytedeco.pytorch.Scalar(2)).sub(new org.bytedeco.pytorch.Scalar(1));
        var sd = StableDiffusion.load(ModelFilesTest.pipeline(tmp.resolve(folder), vae, text));
        var enc = new dev.petal.pipeline.PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0);
        return new OneImage(sd, enc, LatentDataset.encode(sd.vae(), enc, List.of(img), List.of(caption), false, 1));
    }

    @Test
    void captionDropoutSwapsInTheEmptyPromptAtTheGivenRate() {
        OneImage one = oneImage("pipe", "an emoji of a disc");
        var enc = one.enc();
        LatentDataset ds = one.ds();
        Tensor empty = enc.encode(List.of(""));
        long[] idx = new long[400];
        Torch.seed(1);
        assertArrayEquals(Tensors.toFloats(ds.embeddings(idx)), Tensors.toFloats(ds.conditioning(idx)), "no dropout: unchanged");
        LatentDataset dropped = ds.withCaptionDropout(0.25, empty);
        Tensor c = dropped.conditioning(idx);
        int emptyRows = 0;
        float[] e = Tensors.toFloats(empty);
        for (int i = 0; i < idx.length; i++) if (java.util.Arrays.equals(e, Tensors.toFloats(c.select(0, i)))) emptyRows++;
        assertTrue(emptyRows > 70 && emptyRows < 130, "about a quarter empty: " + emptyRows);
        assertThrows(IllegalArgumentException.class, () -> ds.withCaptionDropout(1.0, empty));
    }

    @Test
    void captionVariantsReplaceTheCaptionAtTheGivenRateAfterDropout() {
        List<String> captions = List.of("an emoji of a disc");
        OneImage one = oneImage("pipe-v", captions.get(0));
        var sd = one.sd();
        var enc = one.enc();
        LatentDataset ds = one.ds();
        Tensor empty = enc.encode(List.of(""));
        Tensor variant = LatentDataset.encodeCaptions(enc, RareWords.absentFrom(captions, sd.tokenizer()).variants(captions, 0));
        LatentDataset aug = ds.withCaptionDropout(0.1, empty).withCaptionVariants(0.3, variant);
        long[] idx = new long[1000];
        Torch.seed(1);
        Tensor c = aug.conditioning(idx);
        float[] e = Tensors.toFloats(empty), v = Tensors.toFloats(variant), own = Tensors.toFloats(ds.embeddings(new long[1]));
        int emptyRows = 0, variantRows = 0, ownRows = 0;
        for (int i = 0; i < idx.length; i++) {
            float[] row = Tensors.toFloats(c.select(0, i));
            if (java.util.Arrays.equals(e, row)) emptyRows++;
            else if (java.util.Arrays.equals(v, row)) variantRows++;
            else if (java.util.Arrays.equals(own, row)) ownRows++;
        }
        assertEquals(idx.length, emptyRows + variantRows + ownRows, "every row is one of the three captions");
        assertTrue(emptyRows > 70 && emptyRows < 130, "about 10 % empty: " + emptyRows);
        assertTrue(variantRows > 250 && variantRows < 350, "about 30 % variants: " + variantRows);
        assertThrows(IllegalArgumentException.class, () -> ds.withCaptionDropout(0.1, empty).withCaptionVariants(0.95, variant));
        assertThrows(IllegalArgumentException.class, () -> ds.withCaptionVariants(0.3, empty.repeat(2, 1, 1)), "one variant per example");
    }
}
