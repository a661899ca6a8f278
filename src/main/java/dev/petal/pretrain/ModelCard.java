package dev.petal.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.report.Charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code petal pretrain card}: publishes a finished pretraining (the run folders {@code RUNS/vae}, {@code clip},
 * {@code unet}, {@code eval} of scripts/pretrain-emoji-tiny.sh) as the embedded model:
 * <pre>
 * OUT/emoji-tiny/     the pipeline folder (copy of RUNS/unet/model)
 * OUT/emoji-clip/     the evaluator CLIP (copy of RUNS/clip/clip)
 * OUT/card/           loss curves, VAE reconstructions, validation and held-out sample grids
 * OUT/README.md       the model card: data, architecture, steps, time, losses, quality, how to reproduce
 * </pre>
 * Every number in the card is read from the run folders, so re-running the pretraining re-creates the card.
 */
public final class ModelCard {
    private ModelCard() {
    }

    /** The figures of one stage's {@code loss.jsonl}. */
    record Curve(int steps, double seconds, double medianStepSeconds, double finalLoss, double[][] smoothed) {
    }

    public static Path write(Path runs, Path out) {
        Path vae = require(runs.resolve("vae"), "vae/eval.json", "petal pretrain vae");
        Path clip = require(runs.resolve("clip"), "clip/eval.json", "petal pretrain clip");
        Path unet = require(runs.resolve("unet"), "unet/model/model_index.json", "petal pretrain unet");
        Path eval = require(runs.resolve("eval"), "eval/eval.json", "petal pretrain eval");

        copyTree(unet.resolve("model"), out.resolve("emoji-tiny"));
        copyTree(clip.resolve("clip"), out.resolve("emoji-clip"));
        Path card = out.resolve("card");
        Map<String, Curve> curves = new LinkedHashMap<>();
        for (var e : Map.of("vae", vae, "clip", clip, "unet", unet).entrySet()) {
            Curve c = curve(e.getValue().resolve("loss.jsonl"));
            curves.put(e.getKey(), c);
            Charts.write(Charts.lines(e.getKey() + " training loss (moving average of 50 steps)", "step", "loss",
                    Map.of(e.getKey(), c.smoothed()), 640, 320), card.resolve("loss-" + e.getKey() + ".png"));
        }
        copyFile(vae.resolve("samples").resolve("reconstructions.png"), card.resolve("reconstructions.png"));
        copyFile(unet.resolve("samples").resolve("final.png"), card.resolve("validation.png"));
        copyFile(eval.resolve("grid.png"), card.resolve("heldout-samples.png"));

        String md = markdown(read(vae.resolve("eval.json")), read(clip.resolve("eval.json")), read(eval.resolve("eval.json")),
                read(vae.resolve("pretrain.json")), read(clip.resolve("pretrain.json")), read(unet.resolve("pretrain.json")),
                curves, folderMiB(out.resolve("emoji-tiny")), folderMiB(out.resolve("emoji-clip")),
                parameters(out.resolve("emoji-tiny").resolve("unet").resolve(ModelFiles.DIFFUSERS_WEIGHTS)));
        dev.petal.study.StudyDir.writeAtomically(out.resolve("README.md"), md);
        return out.resolve("README.md");
    }

    static String markdown(JsonNode vaeEval, JsonNode clipEval, JsonNode modelEval, JsonNode vaeRun, JsonNode clipRun, JsonNode unetRun,
                           Map<String, Curve> curves, double pipelineMiB, double clipMiB, long unetParameters) {
        StringBuilder b = new StringBuilder();
        b.append("# emoji-tiny: the embedded Stable Diffusion\n\n");
        b.append("A Stable-Diffusion-architecture model trained from scratch by Petal (`petal pretrain`) on the emoji data of\n")
                .append("`petal data emoji` (Noto and Twemoji, 64×64; licences and attribution in `data/emoji/NOTICE`). It is what\n")
                .append("`petal demo`, the design-space study and the examples run on when no real SD checkpoint is at hand.\n\n");
        b.append(String.format(Locale.ROOT, "- `emoji-tiny/` — diffusers pipeline folder (UNet, AutoencoderKL, CLIP text encoder, tokenizer, DDIM scheduler config), %.1f MiB, fp16 safetensors\n", pipelineMiB));
        b.append(String.format(Locale.ROOT, "- `emoji-clip/` — transformers CLIPModel (text + vision towers), the emoji world's evaluator (CLIP-I, CLIP-T, FD), %.1f MiB\n\n", clipMiB));
        b.append("Load it like any SD 1.x folder: `./petal generate --model models/emoji-tiny --prompt \"an emoji of a cat face\"`.\n\n");

        b.append("## Training (2 CPU cores, reproducible with `scripts/pretrain-emoji-tiny.sh`)\n\n");
        b.append("| stage | data | parameters | steps × batch | peak LR | training time (median step) | final loss (mean of last 50 steps) |\n|---|---|---|---|---|---|---|\n");
        row(b, "VAE (f = 4, 16×16×4 latents)", "Noto + Twemoji train", vaeEval.path("parameters").asLong(), vaeRun, curves.get("vae"));
        row(b, "CLIP (text + vision)", "Noto + Twemoji train pairs", clipEval.path("parameters").asLong(), clipRun, curves.get("clip"));
        double rare = unetRun.path("settings").path("rare_words").asDouble(0);
        row(b, rare > 0 ? String.format(Locale.ROOT, "UNet (full training, 10 %% empty captions, %.0f %% rare-word captions)", 100 * rare)
                : "UNet (full training, 10 % empty captions)", "Noto train", unetParameters, unetRun, curves.get("unet"));
        b.append("\nTimes are the sum of the per-step times in each `loss.jsonl` (one torch thread for VAE and CLIP, which ran side by side;\n")
                .append("two for the UNet); steps that shared the machine with other jobs took longer, so steps × median step is the time on\n")
                .append("an idle machine. Architectures and optimisation are the `emoji-tiny` preset, documented in `docs/pretraining.md`.\n");
        if (rare > 0) {
            b.append("The UNet trained in three legs, each resuming the last one's checkpoint (weights and AdamW state): 3,000 steps\n")
                    .append("on a cosine schedule; continued on a 6,000-step cosine and paused at step 4,750; continued on a 7,000-step\n")
                    .append(String.format(Locale.ROOT, "cosine with %.0f %% of the captions given one word they never contain (\"an emoji of a zebra woman\"), so\n", 100 * rare))
                    .append("that an unknown identifier such as \"sks\" leaves the picture alone, as it does in SD (docs/pretraining.md).\n");
        }
        b.append("\n");
        b.append("![VAE loss](card/loss-vae.png)\n![CLIP loss](card/loss-clip.png)\n![UNet loss](card/loss-unet.png)\n\n");

        b.append("## Quality (held-out test splits)\n\n");
        b.append("| measure | value |\n|---|---|\n");
        vaeEval.path("psnr_db_test").properties().forEach(e ->
                b.append(String.format(Locale.ROOT, "| VAE reconstruction PSNR, %s test | %.2f dB |\n", e.getKey(), e.getValue().asDouble())));
        clipEval.path("retrieval_test").properties().forEach(e -> b.append(String.format(Locale.ROOT,
                "| CLIP held-out retrieval top-1 among distinct captions, %s | %.3f |\n", e.getKey().replace("_top1", "").replace('_', ' '),
                e.getValue().asDouble())));
        JsonNode m = modelEval.path("metrics");
        b.append(String.format(Locale.ROOT, "| CLIP-T of generated images (one per Noto test caption) | %.4f |\n", m.path("clip_t").asDouble()));
        b.append(String.format(Locale.ROOT, "| CLIP-T of the real Noto test images (reference) | %.4f |\n", m.path("clip_t_real_noto_test").asDouble()));
        b.append(String.format(Locale.ROOT, "| FD in CLIP space, generated vs Noto test | %.2f |\n", m.path("fd_clip").asDouble()));
        b.append(String.format(Locale.ROOT, "| FD in CLIP space, Twemoji test vs Noto test (scale: same emoji, other style) | %.2f |\n",
                m.path("fd_clip_twemoji_vs_noto_test").asDouble()));
        b.append(String.format(Locale.ROOT, "\nSampling: %s, %d steps, CFG %s, seed %d, %d images (`petal pretrain eval`). FD uses the emoji CLIP's\n",
                modelEval.path("sampler").asText(), modelEval.path("steps").asInt(), modelEval.path("guidance").asText(),
                modelEval.path("seed").asLong(), modelEval.path("images").asInt()))
                .append("image embeddings: Inception FID needs weights Petal does not ship, and Inception features of 64×64 emoji say little.\n\n");
        b.append("VAE reconstructions (rows: Noto originals, reconstructions, Twemoji originals, reconstructions):\n\n![reconstructions](card/reconstructions.png)\n\n");
        b.append("Validation prompts (Noto train captions), seeds 0 and 1:\n\n![validation](card/validation.png)\n\n");
        b.append("Held-out Noto test captions (the model never saw these pairs):\n\n![held-out samples](card/heldout-samples.png)\n\n");

        b.append("## What a GPU would allow\n\n")
                .append("The sizes were chosen so that all three stages train on two CPU cores within a session. On one GPU the same\n")
                .append("commands (`--device cuda`, `--mixed-precision bf16`) would train an SD-1.x-width UNet (320/640/1280 channels,\n")
                .append("two layers per block) at 32×32 latents and a wider VAE for tens of thousands of steps in a few hours; the\n")
                .append("emoji-tiny model is small on purpose, not the limit of the code.\n\n");
        b.append("## Limits\n\n")
                .append("Trained on ~3,400 Noto emoji: it draws emoji-like images for emoji-like captions and nothing else. CLIP-T and FD\n")
                .append("come from a CLIP trained on the same emoji world, so they rank models within it but are not comparable with\n")
                .append("numbers from OpenAI's CLIP.\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String stage, String data, long params, JsonNode run, Curve c) {
        JsonNode o = run.path("optim");
        b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d × %d | %s | %.0f min (%.2f s) | %.4f |\n", stage, data,
                params, c.steps(), o.path("batchSize").asInt(), java.math.BigDecimal.valueOf(o.path("lr").asDouble()).toPlainString(),
                c.seconds() / 60, c.medianStepSeconds(), c.finalLoss()));
    }

    static Curve curve(Path lossJsonl) {
        List<double[]> rows = dev.petal.training.LossLog.read(lossJsonl, "step", "loss", "time_s");
        if (rows.isEmpty()) throw new IllegalArgumentException(lossJsonl + ": no steps logged");
        int n = rows.size(), w = 50;
        double seconds = 0, tail = 0;
        double[][] smooth = new double[2][n];
        double window = 0;
        for (int i = 0; i < n; i++) {
            seconds += rows.get(i)[2];
            window += rows.get(i)[1];
            if (i >= w) window -= rows.get(i - w)[1];
            smooth[0][i] = rows.get(i)[0];
            smooth[1][i] = window / Math.min(i + 1, w);
            if (i >= n - w) tail += rows.get(i)[1];
        }
        double[] times = rows.stream().mapToDouble(r -> r[2]).sorted().toArray();
        double median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
        return new Curve((int) rows.get(n - 1)[0], seconds, median, tail / Math.min(n, w), smooth);
    }

    private static Path require(Path dir, String file, String producer) {
        Path f = dir.getParent().resolve(file);
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException(f + " not found: run " + producer + " first (scripts/pretrain-emoji-tiny.sh runs every stage)");
        return dir;
    }

    private static JsonNode read(Path f) {
        try {
            return ModelFiles.JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
    }

    private static void copyFile(Path from, Path to) {
        if (!Files.isRegularFile(from)) throw new IllegalArgumentException(from + " not found");
        ModelFiles.copyFolderFile(from, to);
    }

    /** Copies a folder tree file by file, each atomically; files already at the target are replaced. */
    static void copyTree(Path from, Path to) {
        try (Stream<Path> dirs = Files.walk(from)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) ModelFiles.copyFolder(d, to.resolve(from.relativize(d).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Number of values stored in a safetensors file. */
    static long parameters(Path safetensors) {
        try (var f = dev.petal.safetensors.SafetensorsFile.open(safetensors)) {
            long n = 0;
            for (String name : f.names()) n += f.find(name).numel();
            return n;
        }
    }

    private static double folderMiB(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) bytes += Files.size(f);
            return bytes / (1024.0 * 1024.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
