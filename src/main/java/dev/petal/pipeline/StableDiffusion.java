package dev.petal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.models.loading.LoadOptions;
import dev.petal.models.loading.SdVersion;
import dev.petal.models.loading.SingleFileCheckpoint;
import dev.petal.schedulers.SchedulerConfig;
import dev.petal.schedulers.SchedulerKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded Stable Diffusion model: tokenizer, text encoder, UNet, VAE and the scheduler config, from a diffusers
 * pipeline folder ({@code model_index.json} with {@code unet/}, {@code vae/}, {@code text_encoder/},
 * {@code tokenizer/}, {@code scheduler/}).
 */
public record StableDiffusion(Path source, ClipTokenizer tokenizer, ClipTextModel textEncoder, UNet2DConditionModel unet,
                              AutoencoderKL vae, SchedulerConfig schedulerConfig) {

    static final List<String> COMPONENTS = List.of("unet", "vae", "text_encoder", "tokenizer", "scheduler");

    /** Loads a diffusers pipeline folder; {@code variant} picks e.g. the fp16 weight files (converted to fp32). */
    public static StableDiffusion load(Path dir, String variant) {
        Path index = dir.resolve("model_index.json");
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException(dir + ": not a diffusers pipeline folder (no model_index.json)");
        }
        JsonNode idx;
        try {
            idx = new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(index + ": cannot read: " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String c : COMPONENTS) {
            JsonNode entry = idx.get(c);
            if (entry == null || !entry.isArray() || entry.get(1).isNull()) missing.add(c + " (not in model_index.json)");
            else if (!Files.isDirectory(dir.resolve(c))) missing.add(c + "/ (folder missing)");
        }
        if (!missing.isEmpty()) throw new IllegalArgumentException(dir + ": incomplete pipeline: " + missing);
        return new StableDiffusion(dir,
                ClipTokenizer.load(dir.resolve("tokenizer")),
                ClipTextModel.load(dir.resolve("text_encoder")),
                UNet2DConditionModel.load(dir.resolve("unet"), variant),
                AutoencoderKL.load(dir.resolve("vae"), variant),
                SchedulerConfig.read(dir.resolve("scheduler/scheduler_config.json")));
    }

    public static StableDiffusion load(Path dir) {
        return load(dir, null);
    }

    /**
     * Loads what a user points at: a diffusers pipeline folder, or an original single-file SD 1.x/2.x checkpoint
     * ({@code model.diffusion_model.*}, …) converted on load.
     */
    public static StableDiffusion open(Path model, String variant, LoadOptions singleFile) {
        if (Files.isRegularFile(model)) return fromSingleFile(model, singleFile == null ? LoadOptions.defaults() : singleFile);
        return load(model, variant);
    }

    /**
     * A single-file checkpoint: the weights convert on load; the tokenizer is Petal's bundled CLIP vocabulary
     * (SD 2.x pads with "!"), and the scheduler is SD's DDIM schedule with the checkpoint's prediction type.
     */
    public static StableDiffusion fromSingleFile(Path file, LoadOptions options) {
        SingleFileCheckpoint.Models m = SingleFileCheckpoint.load(file, options);
        ClipTokenizer tokenizer = m.spec().version() == SdVersion.V2 ? ClipTokenizer.bundled().withPadToken("!") : ClipTokenizer.bundled();
        SchedulerConfig scheduler = SchedulerConfig.stableDiffusion(SchedulerKind.DDIM)
                .as(SchedulerKind.DDIM, java.util.Map.of("prediction_type", m.spec().predictionType()));
        return new StableDiffusion(file, tokenizer, m.textEncoder(), m.unet(), m.vae(), scheduler);
    }

    /** Moves every model to {@code device} (in place; fp32 weights). */
    public StableDiffusion to(org.bytedeco.pytorch.Device device) {
        unet.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        vae.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        textEncoder.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        return this;
    }

    /** Where the UNet's weights are. */
    public org.bytedeco.pytorch.Device device() {
        return unet.convIn.weight.device();
    }

    /** Latent grid per pixel: the VAE's spatial reduction (8 for SD). */
    public int vaeScale() {
        return vae.config.downscale();
    }
}
