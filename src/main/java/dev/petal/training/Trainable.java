package dev.petal.training;

import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Map;

/** What a run trains: the paper's adapters, LoRA, or the whole UNet. The rest of the model is frozen. */
public interface Trainable {
    /** "adapter", "lora" or "full". */
    String kind();

    /** The trained tensors under stable names: what checkpoints store and resume restores. */
    Map<String, Tensor> stateDict();

    long parameterCount();

    /** Writes the final result (adapter file, LoRA file, or UNet weights) with the run's settings as metadata. */
    void save(Path file, String trainingJson);
}
