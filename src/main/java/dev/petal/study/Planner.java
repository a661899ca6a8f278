package dev.petal.study;

import dev.petal.adapters.AdapterSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a study into trials: the cartesian product of the factor levels (in the spec's order) × seeds.
 * Cells that are not valid adapters are skipped with the reason (the paper's design is an incomplete factorial).
 */
public final class Planner {
    /** The trials to run, and the skipped cells with why. */
    public record Plan(List<Trial> trials, List<String> skipped, int cells) {
    }

    private Planner() {
    }

    public static Plan plan(StudySpec spec) {
        List<Map<String, String>> cells = new ArrayList<>();
        cells.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> f : spec.factors().entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : cells) {
                for (Object level : f.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(f.getKey(), String.valueOf(level));
                    next.add(m);
                }
            }
            cells = next;
        }
        List<Trial> trials = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int valid = 0;
        for (Map<String, String> cell : cells) {
            try {
                TrialSettings.of(spec, cell, 0).adapterSpec();
            } catch (IllegalArgumentException e) {
                skipped.add(cell + ": " + e.getMessage());
                continue;
            }
            valid++;
            for (long seed : spec.seeds()) trials.add(new Trial(Trial.idOf(cell, seed), cell, seed));
        }
        return new Plan(trials, skipped, valid);
    }

    /** The paper's 20 position cells (PAPER.md), for {@code --preset paper-positions}. */
    public static Map<String, List<Object>> paperPositions() {
        Map<String, List<Object>> f = new LinkedHashMap<>();
        f.put("input", List.of("SA_in", "SA_out", "CA_in", "CA_out", "CA_c", "FFN_in", "FFN_out", "Trans_out", "Res_in", "Res_out"));
        f.put("output", List.of("SA_in", "CA_in", "FFN_in", "Trans_out", "CA_c", "Res_in", "Res_out"));
        return f;
    }

    /** Checks a spec's adapter settings without running: used by {@code plan} to list skipped cells. */
    static AdapterSpec adapterOf(StudySpec spec, Map<String, String> cell) {
        return TrialSettings.of(spec, cell, 0).adapterSpec();
    }
}
