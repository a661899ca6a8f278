package dev.petal.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gathers the finished trials into {@code results.csv}: one row per trial, factor levels, seed, metrics. */
public final class Results {
    private Results() {
    }

    /** Writes results.csv atomically and returns the number of rows. */
    public static int gather(StudyDir study) {
        List<Trial> done = new ArrayList<>();
        for (Trial t : study.trials()) if (study.status(t.id()) == StudyDir.Status.DONE) done.add(t);
        Set<String> factors = new LinkedHashSet<>(study.spec().factors().keySet());
        Set<String> metricCols = new LinkedHashSet<>();
        List<JsonNode> metrics = new ArrayList<>();
        for (Trial t : done) {
            JsonNode m = study.metrics(t.id());
            metrics.add(m);
            for (Iterator<String> it = m.path("metrics").fieldNames(); it.hasNext(); ) metricCols.add(it.next());
        }
        StringBuilder csv = new StringBuilder("trial");
        factors.forEach(f -> csv.append(',').append(f));
        csv.append(",seed");
        metricCols.forEach(c -> csv.append(',').append(column(c)));
        csv.append(",parameters,train_seconds,peak_rss_mib\n");
        for (int i = 0; i < done.size(); i++) {
            Trial t = done.get(i);
            JsonNode m = metrics.get(i);
            csv.append(quote(t.id()));
            for (String f : factors) csv.append(',').append(quote(t.levels().getOrDefault(f, "")));
            csv.append(',').append(t.seed());
            for (String c : metricCols) csv.append(',').append(m.path("metrics").has(c) ? m.path("metrics").get(c).asText() : "");
            csv.append(',').append(m.path("parameters").asText(""))
                    .append(',').append(m.path("train_seconds").asText(""))
                    .append(',').append(m.path("peak_rss_mib").asText("")).append('\n');
        }
        StudyDir.writeAtomically(study.root().resolve("results.csv"), csv.toString());
        return done.size();
    }

    /** Counts per status, for {@code petal study status}. */
    public static Map<StudyDir.Status, Integer> counts(StudyDir study) {
        Map<StudyDir.Status, Integer> c = new java.util.EnumMap<>(StudyDir.Status.class);
        for (StudyDir.Status s : StudyDir.Status.values()) c.put(s, 0);
        for (Trial t : study.trials()) c.merge(study.status(t.id()), 1, Integer::sum);
        return c;
    }

    /** A metric's column name: formula-safe (clip-i → clip_i). */
    public static String column(String metric) {
        return metric.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
