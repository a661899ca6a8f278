package dev.petal.eval;

import java.util.List;
import java.util.Map;

/**
 * One metric's value with how it was obtained.
 *
 * @param metric        the metric's name (clip-i, clip-t, dino, fid, kid)
 * @param value         the headline number
 * @param details       secondary numbers (spread, components, conventions), in a stable order
 * @param extractor     the feature network
 * @param preprocessing the input preparation
 * @param samples       how many images / prompts went in, by role
 * @param warnings      caveats that make the value less trustworthy (e.g. too few samples)
 */
public record MetricResult(String metric, double value, Map<String, Object> details, String extractor, String preprocessing,
                           Map<String, Integer> samples, List<String> warnings) {
    public MetricResult {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        samples = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(samples));
        warnings = List.copyOf(warnings);
    }
}
