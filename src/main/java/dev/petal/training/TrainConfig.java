package dev.petal.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.petal.adapters.AdapterSpec;

import java.util.List;

/**
 * Everything that decides a training run (saved in every checkpoint and in the trained file's metadata).
 *
 * @param method           adapter (the paper's), lora, or full (DreamBooth-style full UNet fine-tuning)
 * @param priorLossWeight  λ in L_instance + λ·L_prior (personalization with class images)
 * @param minSnrGamma      Min-SNR-γ loss weighting (0 = off)
 * @param noiseOffset      extra per-channel noise (0 = off)
 * @param maxGradNorm      gradient clipping (0 = off)
 * @param mixedPrecision   no, bf16 or fp16: autocast of the forward pass; trained weights stay fp32
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainConfig(
        String method,
        AdapterSpec adapter,
        Integer loraRank,
        Double loraAlpha,
        List<String> loraTargets,
        int steps,
        int batchSize,
        int gradAccumulation,
        double lr,
        double beta1,
        double beta2,
        double weightDecay,
        double adamEps,
        String lrSchedule,
        int warmupSteps,
        double maxGradNorm,
        long seed,
        double minSnrGamma,
        double noiseOffset,
        double priorLossWeight,
        boolean flip,
        int checkpointEvery,
        int keepCheckpoints,
        String mixedPrecision) {

    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public TrainConfig {
        if (!List.of("adapter", "lora", "full").contains(method)) throw new IllegalArgumentException("--method must be adapter, lora or full, got " + method);
        if (method.equals("adapter") && adapter == null) throw new IllegalArgumentException("method adapter needs an adapter spec");
        if (steps < 1) throw new IllegalArgumentException("--steps must be ≥ 1");
        if (batchSize < 1 || gradAccumulation < 1) throw new IllegalArgumentException("batch size and gradient accumulation must be ≥ 1");
        if (!(lr > 0)) throw new IllegalArgumentException("--lr must be positive");
        if (checkpointEvery < 0 || keepCheckpoints < 1) throw new IllegalArgumentException("checkpoint interval must be ≥ 0 and keep ≥ 1");
        new LrSchedule(lrSchedule, warmupSteps, steps); // validates
        mixedPrecision = mixedPrecision == null ? "no" : mixedPrecision;
        dev.petal.tensor.Autocast.dtype(mixedPrecision); // validates
    }

    /** AdamW defaults of the paper (β 0.9/0.999, wd 0.01, eps 1e-8), constant LR, batch 1, no extras. */
    public static TrainConfig adapter(AdapterSpec spec, int steps, double lr, long seed) {
        return new TrainConfig("adapter", spec, null, null, null, steps, 1, 1, lr, 0.9, 0.999, 0.01, 1e-8, "constant", 0,
                1.0, seed, 0, 0, 1.0, true, 0, 2, "no");
    }

    public LrSchedule schedule() {
        return new LrSchedule(lrSchedule, warmupSteps, steps);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrainConfig fromJson(String json) {
        try {
            return JSON.readValue(json, TrainConfig.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid training config: " + e.getMessage(), e);
        }
    }

    /** A copy with another step count, checkpoint interval and keep count (the rest as is). */
    public TrainConfig withSteps(int newSteps, int every, int keep) {
        return new TrainConfig(method, adapter, loraRank, loraAlpha, loraTargets, newSteps, batchSize, gradAccumulation, lr, beta1,
                beta2, weightDecay, adamEps, lrSchedule, warmupSteps, maxGradNorm, seed, minSnrGamma, noiseOffset, priorLossWeight,
                flip, every, keep, mixedPrecision);
    }
}
