package dev.petal.training;

import dev.petal.adapters.lora.AttachedLora;
import dev.petal.adapters.lora.Lora;
import dev.petal.adapters.lora.LoraLayout;
import dev.petal.adapters.lora.LoraSpec;
import dev.petal.models.unet.UNet2DConditionModel;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Map;

/** The LoRA baseline: low-rank updates of the attention projections; saves a diffusers-layout LoRA file. */
public record LoraTrainable(AttachedLora lora) implements Trainable {

    /** Attaches LoRA with the run's rank, alpha and targets (defaults: r 4, alpha = r, to_q/to_k/to_v/to_out.0). */
    public static LoraTrainable attach(UNet2DConditionModel unet, TrainConfig cfg) {
        int rank = cfg.loraRank() == null ? 4 : cfg.loraRank();
        double alpha = cfg.loraAlpha() == null ? rank : cfg.loraAlpha();
        var targets = cfg.loraTargets() == null || cfg.loraTargets().isEmpty() ? LoraSpec.DEFAULT_TARGETS : cfg.loraTargets();
        return new LoraTrainable(Lora.attach(unet, new LoraSpec(rank, alpha, targets)));
    }

    @Override
    public String kind() {
        return "lora";
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return lora.stateDict();
    }

    @Override
    public long parameterCount() {
        return lora.parameterCount();
    }

    /** diffusers' layout (alpha in the metadata), which diffusers, ComfyUI and A1111 load. */
    @Override
    public void save(Path file, String trainingJson) {
        lora.save(file, LoraLayout.byName("diffusers"), Map.of("petal.training", trainingJson));
    }
}
