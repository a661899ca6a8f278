package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petal's reading of a config against diffusers' {@code full_config} (every field with its resolved value):
 * both the stored scheduler_config.json and the bare constructor kwargs (which tests the class defaults).
 */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void matchesFullConfig(FixtureCase c) {
        JsonNode full = c.meta().get("full_config");
        assertEquals(full.get("_class_name").asText(), c.config().kind().className());
        compare(c.name() + " scheduler_config.json", c.config(), full);

        ObjectNode kwargs = ((ObjectNode) c.meta().get("constructor_kwargs")).deepCopy();
        kwargs.put("_class_name", c.config().kind().className());
        SchedulerConfig fromDefaults = SchedulerConfig.parse(kwargs.toString(), c.name() + " constructor_kwargs");
        compare(c.name() + " constructor_kwargs + defaults", fromDefaults, full);
    }

    private static void compare(String what, SchedulerConfig config, JsonNode full) {
        int compared = 0;
        for (Map.Entry<String, Object> e : fields(config).entrySet()) {
            JsonNode ref = full.get(e.getKey());
            if (ref == null) continue; // not a field of this class
            Object java = e.getValue();
            Object expected = ref.isNull() ? null : ref.isNumber() ? (Object) ref.asDouble()
                    : ref.isBoolean() ? (Object) ref.asBoolean() : ref.asText();
            Object actual = java instanceof Number n ? (Object) n.doubleValue() : java;
            assertEquals(expected, actual, what + ": field " + e.getKey());
            compared++;
        }
        assertTrue(compared >= 8, what + ": only " + compared + " fields compared");
    }

    /** The config as JSON field name → value, for the fields Petal models. */
    private static Map<String, Object> fields(SchedulerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_train_timesteps", c.numTrainTimesteps());
        m.put("beta_start", c.betaStart());
        m.put("beta_end", c.betaEnd());
        m.put("beta_schedule", c.betaSchedule().json());
        m.put("trained_betas", c.trainedBetas());
        m.put("prediction_type", c.predictionType().json());
        m.put("timestep_spacing", c.timestepSpacing().json());
        m.put("steps_offset", c.stepsOffset());
        m.put("rescale_betas_zero_snr", c.rescaleBetasZeroSnr());
        m.put("clip_sample", c.clipSample());
        m.put("clip_sample_range", c.clipSampleRange());
        m.put("set_alpha_to_one", c.setAlphaToOne());
        m.put("skip_prk_steps", c.skipPrkSteps());
        if (c.kind() == SchedulerKind.DDPM) m.put("variance_type", c.varianceType().json());
        m.put("use_karras_sigmas", c.useKarrasSigmas());
        m.put("final_sigmas_type", c.finalSigmasType().json());
        m.put("sigma_min", c.sigmaMin());
        m.put("sigma_max", c.sigmaMax());
        m.put("solver_order", c.solverOrder());
        m.put("solver_type", c.solverType().json());
        m.put("lower_order_final", c.lowerOrderFinal());
        m.put("euler_at_final", c.eulerAtFinal());
        m.put("lambda_min_clipped", c.lambdaMinClipped());
        m.put("thresholding", false);
        return m;
    }
}
