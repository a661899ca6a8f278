package dev.petal.training;

import dev.petal.adapters.AdapterFile;
import dev.petal.adapters.Adapters;
import dev.petal.models.unet.UNet2DConditionModel;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Map;

/** The paper's method: adapters attached to a frozen UNet; saves a Petal adapter file. */
public record AdapterTrainable(Adapters.Attached adapters, UNet2DConditionModel base) implements Trainable {
    @Override
    public String kind() {
        return "adapter";
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return adapters.stateDict();
    }

    @Override
    public long parameterCount() {
        return adapters.parameterCount();
    }

    @Override
    public void save(Path file, String trainingJson) {
        AdapterFile.save(file, adapters, base, trainingJson);
    }
}
