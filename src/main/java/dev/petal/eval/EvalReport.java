package dev.petal.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one evaluation, as JSON (for scripts and the study runner) or as a table (for people).
 *
 * @param inputs  the folders and files evaluated
 * @param notes   remarks about the inputs (e.g. skipped grid images)
 * @param cache   feature-cache hits and misses
 * @param seconds wall time
 */
public record EvalReport(Map<String, String> inputs, List<MetricResult> results, List<String> notes, Map<String, Integer> cache, double seconds) {

    public MetricResult get(Metric m) {
        return results.stream().filter(r -> r.metric().equals(m.cliName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(m.cliName + " was not evaluated"));
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("inputs", inputs);
        root.put("results", results);
        root.put("notes", notes);
        root.put("cache", cache);
        root.put("seconds", seconds);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toTable() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-7s %12s  %-18s %s%n", "metric", "value", "samples", "details"));
        for (MetricResult r : results) {
            StringBuilder samples = new StringBuilder();
            r.samples().forEach((k, v) -> samples.append(samples.isEmpty() ? "" : ", ").append(k.charAt(0)).append(' ').append(v));
            StringBuilder details = new StringBuilder();
            r.details().forEach((k, v) -> details.append(details.isEmpty() ? "" : ", ").append(k).append(' ').append(format(v)));
            s.append(String.format(Locale.ROOT, "%-7s %12s  %-18s %s%n", r.metric(), format(r.value()), samples, details));
            for (String w : r.warnings()) s.append("        ! ").append(w).append('\n');
        }
        Map<String, String> models = new LinkedHashMap<>();
        for (MetricResult r : results) models.putIfAbsent(r.extractor(), r.preprocessing());
        models.forEach((m, p) -> s.append("model: ").append(m).append("\n  input: ").append(p).append('\n'));
        for (String n : notes) s.append("note: ").append(n).append('\n');
        s.append(String.format(Locale.ROOT, "samples: g = generated, r = reference, p = prompts; feature cache %d hit(s), %d computed; %.1f s%n",
                cache.getOrDefault("hits", 0), cache.getOrDefault("misses", 0), seconds));
        return s.toString();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4e", d) : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }
}
