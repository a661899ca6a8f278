package dev.petal.cli;

import dev.petal.adapters.Activation;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.BlockSelection;
import dev.petal.adapters.Position;
import dev.petal.tasks.Presets;
import dev.petal.training.TrainConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The options every {@code petal train} task shares. Unset options come from {@code --preset}, then from the
 * built-in defaults, so a preset can be adjusted one option at a time.
 */
public final class TrainOptions {
    @Option(names = "--model", required = true, description = "diffusers pipeline folder or single-file SD checkpoint")
    Path model;
    @Option(names = "--variant", description = "weight file variant, e.g. fp16")
    String variant;
    @Option(names = "--out", required = true, description = "run folder (checkpoints, samples, loss.jsonl, the trained file)")
    Path out;
    @Option(names = "--resume", description = "continue from the newest checkpoint in --out")
    boolean resume;
    @Option(names = "--preset", description = "paper-recipe, paper-recipe-ft, dreambooth-full, lora-default")
    String preset;
    @Option(names = "--method", description = "adapter, lora or full")
    String method;
    @Option(names = "--steps", description = "optimizer steps")
    Integer steps;
    @Option(names = "--lr", description = "learning rate")
    Double lr;
    @Option(names = "--batch-size", defaultValue = "1", description = "examples per micro-batch (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--grad-accumulation", defaultValue = "1", description = "micro-batches per step (default: ${DEFAULT-VALUE})")
    int gradAccumulation;
    @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant, cosine, linear (default: ${DEFAULT-VALUE})")
    String lrSchedule;
    @Option(names = "--warmup-steps", defaultValue = "0")
    int warmup;
    @Option(names = "--weight-decay", defaultValue = "0.01")
    double weightDecay;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "gradient clipping, 0 = off (default: ${DEFAULT-VALUE})")
    double maxGradNorm;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--min-snr-gamma", defaultValue = "0", description = "Min-SNR-γ weighting, 0 = off")
    double minSnrGamma;
    @Option(names = "--noise-offset", defaultValue = "0")
    double noiseOffset;
    @Option(names = "--no-flip", description = "no random horizontal flips")
    boolean noFlip;
    @Option(names = "--mixed-precision", defaultValue = "no", description = "no, bf16 or fp16 (autocast; fp16 for CUDA) (default: ${DEFAULT-VALUE})")
    String mixedPrecision;
    @Option(names = "--gradient-checkpointing", description = "recompute UNet blocks in the backward pass: less memory, ~30 %% more time")
    boolean gradientCheckpointing;
    @Option(names = "--device", defaultValue = "auto", description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE})")
    String device;
    @Option(names = "--resolution", defaultValue = "0", description = "training image size (default: the model's)")
    int resolution;
    @Option(names = "--checkpoint-every", defaultValue = "500")
    int checkpointEvery;
    @Option(names = "--keep-checkpoints", defaultValue = "2")
    int keep;
    @Option(names = "--validate-every", defaultValue = "0", description = "sample validation grids every N steps (0: only at the end)")
    int validateEvery;
    @Option(names = "--validation-steps", defaultValue = "25", description = "sampling steps of validation grids")
    int validationSteps;
    @Option(names = "--validation-prompt", description = "validation prompts (default: the task's own)")
    List<String> validationPrompts;

    // adapter design space (unset: the preset's, else the paper's recipe)
    @Option(names = "--input", description = "adapter input position (e.g. CA_out)")
    String input;
    @Option(names = "--output", description = "adapter output position (e.g. FFN_in)")
    String output;
    @Option(names = "--activation", description = "relu, sigmoid, silu, identity")
    String activation;
    @Option(names = "--scale", description = "adapter scale s")
    Double scale;
    @Option(names = "--rank", description = "adapter bottleneck r")
    Integer rank;
    @Option(names = "--init", description = "paper or zero-up")
    String init;
    @Option(names = "--blocks", split = ",", description = "only these parts: down, mid, up")
    Set<String> parts;
    @Option(names = "--levels", split = ",", description = "only these resolution levels (0 = highest)")
    Set<Integer> levels;
    // LoRA
    @Option(names = "--lora-rank")
    Integer loraRank;
    @Option(names = "--lora-alpha")
    Double loraAlpha;
    @Option(names = "--lora-targets", split = ",", description = "module names (default to_q,to_k,to_v,to_out.0)")
    List<String> loraTargets;

    /** Resolves options over the preset into the run's config. */
    TrainConfig config(double priorWeight) {
        Presets.Preset p = preset == null ? Presets.get("paper-recipe") : Presets.get(preset);
        String m = method != null ? method : p.method();
        AdapterSpec base = p.adapter() != null ? p.adapter() : AdapterSpec.recipe(60);
        AdapterSpec spec = m.equals("adapter") ? new AdapterSpec(
                input != null ? Position.parse(input) : base.input(),
                output != null ? Position.parse(output) : base.output(),
                activation != null ? Activation.parse(activation) : base.activation(),
                scale != null ? scale : base.scale(),
                rank != null ? rank : base.rank(),
                init != null ? init : base.init(),
                new BlockSelection(parts, levels)) : null;
        return new TrainConfig(m, spec,
                m.equals("lora") ? (loraRank != null ? loraRank : p.loraRank() != null ? p.loraRank() : 4) : null,
                m.equals("lora") ? (loraAlpha != null ? loraAlpha : p.loraAlpha()) : null,
                m.equals("lora") ? loraTargets : null,
                steps != null ? steps : p.steps(), batchSize, gradAccumulation, lr != null ? lr : p.lr(),
                0.9, 0.999, weightDecay, 1e-8, lrSchedule, warmup, maxGradNorm, seed, minSnrGamma, noiseOffset, priorWeight,
                !noFlip, checkpointEvery, keep, mixedPrecision, gradientCheckpointing);
    }
}
