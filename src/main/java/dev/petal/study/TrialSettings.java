package dev.petal.study;

import dev.petal.adapters.Activation;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Position;

import java.util.Map;

/**
 * A trial's complete training settings: a factor's level when the study varies it, else the study's
 * {@code train:} default, else the paper's recipe (CA_out → FFN_in, ReLU, s 1, r 60, LR 1e-4).
 */
public record TrialSettings(String method, Position input, Position output, Activation activation, double scale, int rank,
                            String init, double lr, int steps, long seed) {

    public static TrialSettings of(StudySpec spec, Map<String, String> levels, long seed) {
        Lookup l = new Lookup(levels, spec.train());
        return new TrialSettings(
                l.get("method", spec.method()),
                Position.parse(l.get("input", "CA_out")),
                Position.parse(l.get("output", "FFN_in")),
                Activation.parse(l.get("activation", "relu")),
                Double.parseDouble(l.get("scale", "1")),
                Integer.parseInt(l.get("rank", "60")),
                l.get("init", AdapterSpec.INIT_PAPER),
                Double.parseDouble(l.get("lr", "1e-4")),
                spec.steps(), seed);
    }

    /** The adapter this trial trains (throws for invalid position pairs). */
    public AdapterSpec adapterSpec() {
        return new AdapterSpec(input, output, activation, scale, rank, init, null);
    }

    private record Lookup(Map<String, String> levels, Map<String, Object> defaults) {
        String get(String key, String fallback) {
            if (levels.containsKey(key)) return levels.get(key);
            Object d = defaults.get(key);
            return d == null ? fallback : String.valueOf(d);
        }
    }
}
