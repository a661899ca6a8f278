package dev.petal.schedulers;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * A diffusers {@code scheduler_config.json}: every field Petal uses, with the defaults of diffusers v0.37.1 for
 * the file's {@code _class_name}. Read with {@link #read(Path)}; fields a class does not take are ignored,
 * invalid or unsupported values are refused with an error naming the file and the field.
 *
 * <p>Per-class fields keep their diffusers default on the other classes and are then unused: {@code clipSample},
 * {@code clipSampleRange} (DDPM, DDIM), {@code setAlphaToOne} (DDIM, PNDM), {@code skipPrkSteps} (PNDM),
 * {@code varianceType} (DDPM), {@code useKarrasSigmas}, {@code finalSigmasType} (Euler, DPM-Solver),
 * {@code sigmaMin}, {@code sigmaMax} (Euler; null = from the noise table), {@code solverOrder},
 * {@code solverType}, {@code lowerOrderFinal}, {@code eulerAtFinal}, {@code lambdaMinClipped} (DPM-Solver).
 *
 * @param source         the file the config was read from (or a description), for messages
 * @param explicitFields the fields as written in the file, without the ones diffusers marks as defaulted; used
 *                       to carry a model's noise schedule over to another sampler ({@link #as})
 */
public record SchedulerConfig(
        String source,
        SchedulerKind kind,
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        double[] trainedBetas,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing,
        int stepsOffset,
        boolean rescaleBetasZeroSnr,
        boolean clipSample,
        double clipSampleRange,
        boolean setAlphaToOne,
        boolean skipPrkSteps,
        VarianceType varianceType,
        boolean useKarrasSigmas,
        FinalSigmas finalSigmasType,
        Double sigmaMin,
        Double sigmaMax,
        int solverOrder,
        SolverType solverType,
        boolean lowerOrderFinal,
        boolean eulerAtFinal,
        double lambdaMinClipped,
        ObjectNode explicitFields) {

    public enum BetaSchedule implements ConfigValue {
        LINEAR("linear"), SCALED_LINEAR("scaled_linear"), SQUAREDCOS_CAP_V2("squaredcos_cap_v2");

        private final String json;

        BetaSchedule(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    public enum TimestepSpacing implements ConfigValue {
        LEADING("leading"), LINSPACE("linspace"), TRAILING("trailing");

        private final String json;

        TimestepSpacing(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /**
     * DDPM's posterior variance. The learned variants (a 2×channels model output) and {@code fixed_large_log}
     * (whose square root diffusers takes of a negative log) are refused.
     */
    public enum VarianceType implements ConfigValue {
        FIXED_SMALL("fixed_small"), FIXED_SMALL_LOG("fixed_small_log"), FIXED_LARGE("fixed_large");

        private final String json;

        VarianceType(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** The sigma after the last step: 0 (fully denoised) or the smallest training sigma. */
    public enum FinalSigmas implements ConfigValue {
        ZERO("zero"), SIGMA_MIN("sigma_min");

        private final String json;

        FinalSigmas(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** DPM-Solver's second-order formula. */
    public enum SolverType implements ConfigValue {
        MIDPOINT("midpoint"), HEUN("heun");

        private final String json;

        SolverType(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    public SchedulerConfig {
        trainedBetas = trainedBetas == null ? null : trainedBetas.clone();
        explicitFields = explicitFields == null ? null : explicitFields.deepCopy();
    }

    @Override
    public double[] trainedBetas() {
        return trainedBetas == null ? null : trainedBetas.clone();
    }

    @Override
    public ObjectNode explicitFields() {
        return explicitFields == null ? null : explicitFields.deepCopy();
    }

    /** Reads a {@code scheduler_config.json} (or a pipeline folder's {@code scheduler/scheduler_config.json}). */
    public static SchedulerConfig read(Path file) {
        return SchedulerConfigParser.read(file);
    }

    /** Parses config JSON; {@code source} names it in error messages. */
    public static SchedulerConfig parse(String json, String source) {
        return SchedulerConfigParser.parse(json, source);
    }

    /**
     * The Stable Diffusion 1.x noise schedule for a scheduler class: 1000 steps, {@code scaled_linear} betas
     * 0.00085 → 0.012, {@code steps_offset} 1, no clipping, {@code set_alpha_to_one} false, PLMS without PRK
     * warm-up; every other field at the class default.
     */
    public static SchedulerConfig stableDiffusion(SchedulerKind kind) {
        return parse("""
                {"_class_name": "%s", "num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "steps_offset": 1, "clip_sample": false,
                 "set_alpha_to_one": false, "skip_prk_steps": true}""".formatted(kind.className()),
                "Stable Diffusion 1.x default (" + kind.className() + ")");
    }

    /**
     * This config carried over to another scheduler class, as diffusers' {@code Target.from_config(config)}:
     * explicit fields that the target takes are kept, fields only the original class takes are dropped, the
     * rest get the target's defaults; then {@code overrides} (JSON field names) are applied.
     */
    public SchedulerConfig as(SchedulerKind target, Map<String, ?> overrides) {
        return SchedulerConfigParser.convert(this, target, overrides);
    }
}
