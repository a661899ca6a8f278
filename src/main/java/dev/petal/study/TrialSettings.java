package dev.petal.study;

import dev.petal.adapters.Activation;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Position;

import java.util.Map;

/**
 * A trial's complete training settings: a factor's level when the study varies it, else the study's
 * {@code train:} default for the trial's method ({@code train: {full: {lr: 1e-5, steps: 800}}}), else the study's
 * {@code train:} default, else the paper's recipe (CA_out → FFN_in, ReLU, s 1, r 60, LR 1e-4). ResBlock adapters
 * take {@code res_rank} (default {@value #RES_RANK}) instead of {@code rank}, as the paper's r = 6–9. Per-method
 * defaults let one study compare adapters, LoRA and full fine-tuning each at its own LR and length, as the paper does.
 */
public record TrialSettings(String method, Position input, Position output, Activation activation, double scale, int rank,
                            String init, double lr, int steps, long seed) {
    /** Bottleneck of ResBlock adapters unless {@code train: {res_rank: …}} or a rank factor says otherwise. */
    public static final int RES_RANK = 8;

    public static TrialSettings of(StudySpec spec, Map<String, String> levels, long seed) {
        String method = levels.getOrDefault("method", spec.method());
        Lookup l = new Lookup(levels, perMethod(spec.train(), method), spec.train());
        Position input = Position.parse(l.get("input", "CA_out"));
        // ResBlock adapters are convolutions: the paper gives them r = 6–9, not the transformer adapters' 60
        boolean res = input.kind() == Position.Kind.RES && !levels.containsKey("rank");
        return new TrialSettings(
                method,
                input,
                Position.parse(l.get("output", "FFN_in")),
                Activation.parse(l.get("activation", "relu")),
                Double.parseDouble(l.get("scale", "1")),
                Integer.parseInt(res ? l.get("res_rank", String.valueOf(RES_RANK)) : l.get("rank", "60")),
                l.get("init", AdapterSpec.INIT_PAPER),
                Double.parseDouble(l.get("lr", "1e-4")),
                Integer.parseInt(l.get("steps", String.valueOf(spec.steps()))), seed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> perMethod(Map<String, Object> train, String method) {
        Object m = train.get(method);
        if (m == null) return Map.of();
        if (!(m instanceof Map<?, ?> map)) throw new IllegalArgumentException("train." + method + " must be a map of settings, e.g. {lr: 1e-5}");
        return (Map<String, Object>) map;
    }

    /** The adapter this trial trains (throws for invalid position pairs). */
    public AdapterSpec adapterSpec() {
        return new AdapterSpec(input, output, activation, scale, rank, init, null);
    }

    private record Lookup(Map<String, String> levels, Map<String, Object> methodDefaults, Map<String, Object> defaults) {
        String get(String key, String fallback) {
            if (levels.containsKey(key)) return levels.get(key);
            Object d = methodDefaults.containsKey(key) ? methodDefaults.get(key) : defaults.get(key);
            return d == null || d instanceof Map ? fallback : String.valueOf(d);
        }
    }
}
