package dev.petal.pretrain;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.VaeConfig;
import dev.petal.safetensors.SafetensorsWriter;
import dev.petal.study.StudyDir;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes trained components in the diffusers/transformers layouts, so the standard loaders read them: a
 * component folder is {@code config.json} plus one safetensors file; a pipeline folder is
 * {@code model_index.json}, {@code unet/}, {@code vae/}, {@code text_encoder/}, {@code tokenizer/} (the bundled
 * CLIP vocabulary) and {@code scheduler/} (SD's DDIM schedule).
 */
public final class ModelFiles {
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    public static final String DIFFUSERS_WEIGHTS = "diffusion_pytorch_model.safetensors";
    public static final String TRANSFORMERS_WEIGHTS = "model.safetensors";

    private ModelFiles() {
    }

    // ---- configs: the preset's JSON, read by the standard config readers ------------------------------

    public static VaeConfig vaeConfig(ObjectNode json) {
        return viaFile(json, VaeConfig::load);
    }

    public static UNetConfig unetConfig(ObjectNode json) {
        return UNetConfig.fromJson(json, "preset UNet config");
    }

    static <T> T viaFile(ObjectNode json, Function<Path, T> read) {
        try {
            Path tmp = Files.createTempFile("petal-config", ".json");
            try {
                Files.writeString(tmp, json.toString());
                return read.apply(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- component folders --------------------------------------------------------------------------

    /**
     * Writes {@code dir/config.json} and {@code dir/<weightsFile>} (tensors converted to {@code dtype}, "fp32" or
     * "fp16"; integer tensors unchanged), each atomically.
     */
    public static void writeComponent(Path dir, ObjectNode config, String weightsFile, Map<String, Tensor> state, String dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ScalarType type = dtype.equals("fp16") ? ScalarType.Half : ScalarType.Float;
        state.forEach((k, t) -> out.put(k, t.is_floating_point() ? t.detach().to(type) : t));
        Tensors.save(dir.resolve(weightsFile), out, Map.of("format", "pt"));
        writeJson(dir.resolve("config.json"), config);
    }

    public static void writeJson(Path file, ObjectNode json) {
        try {
            StudyDir.writeAtomically(file, JSON.writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- pipeline folder ----------------------------------------------------------------------------

    /** SD 1.x's DDIM noise schedule (1000 steps, scaled-linear 0.00085 → 0.012, ε-prediction). */
    static final String SCHEDULER = """
            {"_class_name": "DDIMScheduler", "_diffusers_version": "0.37.1", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "clip_sample": false, "clip_sample_range": 1.0, "dynamic_thresholding_ratio": 0.995,
             "num_train_timesteps": 1000, "prediction_type": "epsilon", "rescale_betas_zero_snr": false, "sample_max_value": 1.0,
             "set_alpha_to_one": false, "steps_offset": 1, "thresholding": false, "timestep_spacing": "leading",
             "trained_betas": null}""";

    static final String MODEL_INDEX = """
            {"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.37.1",
             "feature_extractor": [null, null], "image_encoder": [null, null], "requires_safety_checker": false,
             "safety_checker": [null, null], "scheduler": ["diffusers", "DDIMScheduler"],
             "text_encoder": ["transformers", "CLIPTextModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
             "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]}""";

    static final String TOKENIZER_CONFIG = """
            {"added_tokens_decoder": {
               "49406": {"content": "<|startoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false, "special": true},
               "49407": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false, "special": true}},
             "bos_token": "<|startoftext|>", "clean_up_tokenization_spaces": false, "eos_token": "<|endoftext|>", "errors": "replace",
             "model_max_length": 77, "pad_token": "<|endoftext|>", "tokenizer_class": "CLIPTokenizer", "unk_token": "<|endoftext|>"}""";

    static final String SPECIAL_TOKENS = """
            {"bos_token": {"content": "<|startoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
             "eos_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
             "pad_token": "<|endoftext|>",
             "unk_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false}}""";

    /** The tokenizer folder of the bundled CLIP vocabulary with SD 1.x's special tokens. */
    public static void writeTokenizer(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("vocab.json", "merges.txt")) {
                try (InputStream in = ModelFiles.class.getResourceAsStream("/dev/petal/models/clip/" + f)) {
                    if (in == null) throw new IllegalStateException("the bundled CLIP vocabulary (" + f + ") is missing from the jar");
                    Path tmp = Files.createTempFile(dir, "." + f, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    SafetensorsWriter.moveAtomically(tmp, dir.resolve(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        writeJson(dir.resolve("tokenizer_config.json"), PretrainPreset.parse(TOKENIZER_CONFIG));
        writeJson(dir.resolve("special_tokens_map.json"), PretrainPreset.parse(SPECIAL_TOKENS));
    }

    /**
     * Assembles a pipeline folder from trained component folders (copied): model_index.json, unet/, vae/,
     * text_encoder/, tokenizer/ and scheduler/.
     */
    public static void writePipeline(Path dir, Path unet, Path vae, Path textEncoder) {
        copyFolder(unet, dir.resolve("unet"));
        copyFolder(vae, dir.resolve("vae"));
        copyFolder(textEncoder, dir.resolve("text_encoder"));
        writeTokenizer(dir.resolve("tokenizer"));
        writeJson(dir.resolve("scheduler").resolve("scheduler_config.json"), PretrainPreset.parse(SCHEDULER));
        writeJson(dir.resolve("model_index.json"), PretrainPreset.parse(MODEL_INDEX));
    }

    /** Copies the files of a component folder (config and weights; no subfolders) atomically file by file. */
    static void copyFolder(Path from, Path to) {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) return;
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.filter(Files::isRegularFile).toList()) copyFolderFile(f, to.resolve(f.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Copies one file atomically (temporary file beside the target, then a move). */
    static void copyFolderFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Path tmp = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            SafetensorsWriter.moveAtomically(tmp, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
