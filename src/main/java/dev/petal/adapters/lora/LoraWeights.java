package dev.petal.adapters.lora;

import org.bytedeco.pytorch.Tensor;

import java.util.Map;

/**
 * A LoRA independent of its file layout: per wrapped module path, A [r, in], B [out, r] and alpha (ΔW = alpha / r
 * · B @ A), plus the peft {@code LoraConfig} fields of the file it was read from (empty if none), which saving
 * keeps so a peft or diffusers file round-trips to the same config.
 */
record LoraWeights(Map<String, Entry> modules, Map<String, Object> peftConfig) {

    record Entry(Tensor down, Tensor up, double alpha) {
        int rank() {
            return (int) down.size(0);
        }
    }
}
