package dev.petal.training;

import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Map;

/** DreamBooth-style full fine-tuning: every UNet weight trains; saves the UNet state dict (diffusers names). */
public record FullTrainable(UNet2DConditionModel unet) implements Trainable {
    public FullTrainable {
        unet.unfreeze("*");
    }

    @Override
    public String kind() {
        return "full";
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return unet.namedParameters();
    }

    @Override
    public long parameterCount() {
        return unet.parameterCount();
    }

    @Override
    public void save(Path file, String trainingJson) {
        Tensors.save(file, unet.stateDict(), Map.of("format", "pt", "petal.training", trainingJson));
    }
}
