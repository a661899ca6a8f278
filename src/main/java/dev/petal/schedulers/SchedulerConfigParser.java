package dev.petal.schedulers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.schedulers.SchedulerConfig.BetaSchedule;
import dev.petal.schedulers.SchedulerConfig.FinalSigmas;
import dev.petal.schedulers.SchedulerConfig.SolverType;
import dev.petal.schedulers.SchedulerConfig.TimestepSpacing;
import dev.petal.schedulers.SchedulerConfig.VarianceType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static dev.petal.schedulers.SchedulerKind.DDIM;
import static dev.petal.schedulers.SchedulerKind.DDPM;
import static dev.petal.schedulers.SchedulerKind.DPM_SOLVER_MULTISTEP;
import static dev.petal.schedulers.SchedulerKind.PNDM;

/** Reads {@code scheduler_config.json} into a {@link SchedulerConfig} with diffusers v0.37.1's defaults. */
final class SchedulerConfigParser {
    /** Python's json writes -Infinity / NaN (e.g. DPM-Solver's lambda_min_clipped). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private SchedulerConfigParser() {
    }

    static SchedulerConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SchedulerConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static SchedulerConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SchedulerConfigException(source, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode node)) {
            throw new SchedulerConfigException(source, null, "expected a JSON object");
        }
        return fromNode(node, source);
    }

    static SchedulerConfig convert(SchedulerConfig from, SchedulerKind target, Map<String, ?> overrides) {
        ObjectNode node = from.explicitFields();
        node.retain(dropOriginOnly(node, from.kind(), target));
        node.put("_class_name", target.className());
        overrides.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
        return fromNode(node, from.source() + " as " + target.className());
    }

    /** Keeps the fields the target takes, and fields neither class takes; drops the original class's own. */
    private static Set<String> dropOriginOnly(ObjectNode node, SchedulerKind origin, SchedulerKind target) {
        Set<String> keep = new HashSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (target.accepts(k) || !origin.accepts(k)) keep.add(k);
        });
        return keep;
    }

    private static SchedulerConfig fromNode(ObjectNode node, String source) {
        JsonNode cls = node.get("_class_name");
        if (cls == null || !cls.isTextual()) {
            throw new SchedulerConfigException(source, "_class_name", "missing: cannot tell which scheduler this is");
        }
        SchedulerKind kind = SchedulerKind.forClassName(cls.asText());
        if (kind == null) {
            throw new SchedulerConfigException(source, "_class_name", "unknown scheduler class \"" + cls.asText()
                    + "\" (Petal implements " + SchedulerKind.knownClassNames() + ")");
        }
        ConfigReader r = new ConfigReader(node, source, kind);
        boolean vp = kind == DDPM || kind == DDIM || kind == PNDM;

        int numTrain = r.integer("num_train_timesteps", 1000);
        if (numTrain < 2) throw r.error("num_train_timesteps", "must be at least 2, got " + numTrain);
        double betaStart = finite(r, "beta_start", r.number("beta_start", 0.0001));
        double betaEnd = finite(r, "beta_end", r.number("beta_end", 0.02));
        BetaSchedule schedule = r.choice("beta_schedule", BetaSchedule.LINEAR, BetaSchedule.values());
        double[] trained = r.numbers("trained_betas");
        if (trained != null && trained.length != numTrain) {
            throw r.error("trained_betas", trained.length + " betas for num_train_timesteps " + numTrain);
        }
        PredictionType prediction = r.choice("prediction_type", PredictionType.EPSILON, PredictionType.values());
        TimestepSpacing spacing = r.choice("timestep_spacing",
                vp ? TimestepSpacing.LEADING : TimestepSpacing.LINSPACE, TimestepSpacing.values());
        int stepsOffset = r.integer("steps_offset", 0);
        if (stepsOffset < 0) throw r.error("steps_offset", "must not be negative, got " + stepsOffset);
        boolean rescale = r.bool("rescale_betas_zero_snr", false);

        boolean clipSample = r.bool("clip_sample", kind == DDPM || kind == DDIM);
        double clipRange = r.number("clip_sample_range", 1.0);
        if (!(clipRange > 0)) throw r.error("clip_sample_range", "must be positive, got " + clipRange);
        r.requireBool("thresholding", false);
        boolean setAlphaToOne = r.bool("set_alpha_to_one", kind == DDIM);
        boolean skipPrk = r.bool("skip_prk_steps", false);
        if (kind == PNDM && !skipPrk) {
            throw r.error("skip_prk_steps", "false (Runge-Kutta warm-up) is not supported by Petal's PNDMScheduler;"
                    + " Stable Diffusion configs set it to true (PLMS)");
        }
        if (kind == PNDM && prediction == PredictionType.SAMPLE) {
            throw r.error("prediction_type", "PNDMScheduler takes epsilon or v_prediction, not sample");
        }
        VarianceType variance = VarianceType.FIXED_SMALL;
        if (kind == DDPM) {
            String v = r.string("variance_type", "fixed_small");
            if (v.equals("learned") || v.equals("learned_range") || v.equals("fixed_large_log")) {
                throw r.error("variance_type", "\"" + v + "\" is not supported by Petal's DDPMScheduler"
                        + " (supported: fixed_small, fixed_small_log, fixed_large)");
            }
            variance = r.choice("variance_type", VarianceType.FIXED_SMALL, VarianceType.values());
        }

        boolean karras = r.bool("use_karras_sigmas", false);
        FinalSigmas finalSigmas = r.choice("final_sigmas_type", FinalSigmas.ZERO, FinalSigmas.values());
        Double sigmaMin = r.optionalNumber("sigma_min");
        Double sigmaMax = r.optionalNumber("sigma_max");
        r.requireBool("use_exponential_sigmas", false);
        r.requireBool("use_beta_sigmas", false);
        r.requireString("interpolation_type", "linear");
        r.requireString("timestep_type", "discrete");

        int order = r.integer("solver_order", 2);
        if (order < 1 || order > 3) throw r.error("solver_order", "must be 1, 2 or 3, got " + order);
        // diffusers maps the deprecated names: algorithm "deis" → "dpmsolver++", solver "logrho"/"bh1"/"bh2" → midpoint
        r.requireString("algorithm_type", "dpmsolver++", "deis");
        String solver = r.string("solver_type", "midpoint");
        SolverType solverType = switch (solver) {
            case "logrho", "bh1", "bh2" -> SolverType.MIDPOINT;
            default -> r.choice("solver_type", SolverType.MIDPOINT, SolverType.values());
        };
        boolean lowerOrderFinal = r.bool("lower_order_final", true);
        boolean eulerAtFinal = r.bool("euler_at_final", false);
        double lambdaMin = r.number("lambda_min_clipped", Double.NEGATIVE_INFINITY);
        r.requireBool("use_lu_lambdas", false);
        r.requireBool("use_flow_sigmas", false);
        r.requireBool("use_dynamic_shifting", false);
        if (kind == DPM_SOLVER_MULTISTEP && r.string("variance_type", null) != null) {
            throw r.error("variance_type", "learned variances are not supported by Petal's DPM-Solver");
        }
        if (sigmaMin != null && !(sigmaMin > 0)) throw r.error("sigma_min", "must be positive, got " + sigmaMin);
        if (sigmaMax != null && !(sigmaMax > 0)) throw r.error("sigma_max", "must be positive, got " + sigmaMax);

        return new SchedulerConfig(source, kind, numTrain, betaStart, betaEnd, schedule, trained, prediction,
                spacing, stepsOffset, rescale, clipSample, clipRange, setAlphaToOne, skipPrk, variance, karras,
                finalSigmas, sigmaMin, sigmaMax, order, solverType, lowerOrderFinal, eulerAtFinal, lambdaMin,
                explicit(node));
    }

    private static double finite(ConfigReader r, String field, double v) {
        if (!Double.isFinite(v)) throw r.error(field, "must be a finite number, got " + v);
        return v;
    }

    /** The fields as written, minus private keys and the ones diffusers records as defaulted. */
    private static ObjectNode explicit(ObjectNode node) {
        ObjectNode out = node.deepCopy();
        Set<String> defaulted = new HashSet<>();
        JsonNode used = node.get("_use_default_values");
        if (used != null && used.isArray()) used.forEach(n -> defaulted.add(n.asText()));
        for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("_") || defaulted.contains(k)) it.remove();
        }
        return out;
    }
}
