package dev.petal.study;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A design-space study (YAML or JSON): the base model, the task, the factors and their levels, seeds, training
 * length, sampling settings and metrics. Every combination of levels × seeds is a trial; combinations that are
 * not valid adapters (output before input, …) are skipped and listed.
 *
 * <pre>
 * name: paper-positions
 * model: models/emoji-tiny
 * task: {kind: personalize, instance_images: data/emoji/subject, instance_prompt: "an emoji of a sks cat face",
 *        class_prompt: "an emoji of a cat face", num_class_images: 50}
 * method: adapter
 * factors: {input: [CA_out, FFN_in], output: [FFN_in, Trans_out], activation: [relu], scale: [1], rank: [8], lr: [1e-4]}
 * seeds: [0, 1, 2]
 * steps: 200
 * sampling: {sampler: dpmpp-2m, steps: 25, cfg: 7, num_images: 8, seed: 42}
 * metrics: [clip-i, clip-t]
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record StudySpec(
        String name,
        String model,
        Task task,
        String method,
        Map<String, List<Object>> factors,
        List<Long> seeds,
        int steps,
        Sampling sampling,
        List<String> metrics,
        String evaluator,
        Map<String, Object> train) {

    /** What each trial trains on. {@code kind}: personalize (subject + class prior) or finetune (image–caption set). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(String kind,
                       @JsonProperty("instance_images") String instanceImages,
                       @JsonProperty("instance_prompt") String instancePrompt,
                       @JsonProperty("class_prompt") String classPrompt,
                       @JsonProperty("class_images") String classImages,
                       @JsonProperty("num_class_images") Integer numClassImages,
                       String data,
                       @JsonProperty("eval_data") String evalData,
                       @JsonProperty("eval_prompts") List<String> evalPrompts) {
    }

    /** How each trained trial is sampled for evaluation (paper: DPM-Solver++ 2M, 25 steps, CFG 7, seed 42). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sampling(String sampler, Integer steps, Double cfg, @JsonProperty("num_images") Integer numImages, Long seed) {
        public Sampling {
            sampler = sampler == null ? "dpmpp-2m" : sampler;
            steps = steps == null ? 25 : steps;
            cfg = cfg == null ? 7.0 : cfg;
            numImages = numImages == null ? 8 : numImages;
            seed = seed == null ? 42L : seed;
        }
    }

    public static final List<String> KNOWN_FACTORS = List.of("input", "output", "activation", "scale", "rank", "lr", "method", "init");

    public StudySpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("study needs a name");
        if (model == null) throw new IllegalArgumentException("study needs a base model (model:)");
        if (task == null || task.kind() == null) throw new IllegalArgumentException("study needs a task with a kind (personalize or finetune)");
        if (!task.kind().equals("personalize") && !task.kind().equals("finetune")) {
            throw new IllegalArgumentException("task kind must be personalize or finetune, got " + task.kind());
        }
        method = method == null ? "adapter" : method;
        factors = factors == null ? Map.of() : new LinkedHashMap<>(factors);
        for (String f : factors.keySet()) {
            if (!KNOWN_FACTORS.contains(f)) throw new IllegalArgumentException("unknown factor '" + f + "' (known: " + KNOWN_FACTORS + ")");
            if (factors.get(f) == null || factors.get(f).isEmpty()) throw new IllegalArgumentException("factor '" + f + "' has no levels");
        }
        seeds = seeds == null || seeds.isEmpty() ? List.of(0L) : List.copyOf(seeds);
        if (steps < 1) throw new IllegalArgumentException("steps must be ≥ 1");
        sampling = sampling == null ? new Sampling(null, null, null, null, null) : sampling;
        metrics = metrics == null || metrics.isEmpty() ? List.of("clip-i", "clip-t") : List.copyOf(metrics);
        train = train == null ? Map.of() : train;
    }

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();

    public static StudySpec read(Path file) {
        try {
            String text = Files.readString(file);
            ObjectMapper m = file.toString().endsWith(".json") ? JSON : YAML;
            return m.readValue(text, StudySpec.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(file + ": invalid study spec: " + cause.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StudySpec fromJson(String json) {
        try {
            return JSON.readValue(json, StudySpec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid study spec: " + e.getMessage(), e);
        }
    }
}
