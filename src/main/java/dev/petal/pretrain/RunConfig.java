package dev.petal.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.TreeMap;

/**
 * What decides a pretraining run, saved in its folder ({@code pretrain.json}) and in every checkpoint: the stage,
 * the preset, the component's config.json, the optimisation, the seed, the data and stage-specific settings.
 * A run resumes only under the same settings (the step count and checkpoint cadence may change).
 */
public record RunConfig(String stage, String preset, JsonNode model, Optim optim, long seed, String data, Map<String, Object> settings) {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    public RunConfig {
        settings = settings == null ? Map.of() : new TreeMap<>(settings);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunConfig fromJson(JsonNode json) {
        try {
            return JSON.treeToValue(json, RunConfig.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid pretraining config: " + e.getMessage(), e);
        }
    }

    /** Whether a checkpoint written under {@code saved} may be continued under this config. */
    boolean sameRunAs(RunConfig saved) {
        return stage.equals(saved.stage) && model.equals(saved.model) && seed == saved.seed && optim.sameRunAs(saved.optim)
                && JSON.valueToTree(settings).equals(JSON.valueToTree(saved.settings));
    }
}
