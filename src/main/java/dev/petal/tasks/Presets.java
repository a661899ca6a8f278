package dev.petal.tasks;

import dev.petal.adapters.AdapterSpec;

import java.util.List;
import java.util.Map;

/**
 * Named starting points: the paper's recipe for personalization and fine-tuning, DreamBooth full fine-tuning,
 * and a LoRA default. Explicit options override them.
 */
public final class Presets {
    /** method, adapter (or null), LoRA rank/alpha (or null), learning rate, default steps. */
    public record Preset(String name, String method, AdapterSpec adapter, Integer loraRank, Double loraAlpha, double lr, int steps,
                         String description) {
    }

    public static final Map<String, Preset> ALL = Map.of(
            "paper-recipe", new Preset("paper-recipe", "adapter", AdapterSpec.recipe(60), null, null, 1e-4, 2500,
                    "CA_out→FFN_in, ReLU, s=1, r=60, LR 1e-4 (the paper's personalization recipe)"),
            "paper-recipe-ft", new Preset("paper-recipe-ft", "adapter", AdapterSpec.recipe(256), null, null, 1e-5, 60000,
                    "CA_out→FFN_in, ReLU, s=1, r=256, LR 1e-5 (the paper's fine-tuning recipe)"),
            "dreambooth-full", new Preset("dreambooth-full", "full", null, null, null, 1e-5, 800,
                    "full UNet fine-tuning, LR 1e-5 (DreamBooth)"),
            "lora-default", new Preset("lora-default", "lora", null, 4, 4.0, 1e-4, 1000,
                    "LoRA r=4, alpha=4 on to_q/to_k/to_v/to_out.0, LR 1e-4"));

    private Presets() {
    }

    public static Preset get(String name) {
        Preset p = ALL.get(name);
        if (p == null) throw new IllegalArgumentException("unknown preset '" + name + "' (valid: " + List.copyOf(ALL.keySet()) + ")");
        return p;
    }
}
