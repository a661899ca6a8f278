package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * A categorical column. {@code levels} fixes the level ORDER (the first level is the baseline of
 * treatment contrasts and Tukey pairs follow it). {@code codes[i]} is the index of row i's level,
 * or {@link #MISSING}. Declared levels without observations are kept, as R keeps unused levels.
 */
public record FactorColumn(String name, List<String> levels, int[] codes) implements Column {

    public static final int MISSING = -1;

    public FactorColumn {
        levels = List.copyOf(levels);
        if (new HashSet<>(levels).size() != levels.size()) {
            throw new StatsException("factor '" + name + "' has duplicate levels " + levels);
        }
        codes = codes.clone();
        for (int c : codes) {
            if (c < MISSING || c >= levels.size()) {
                throw new IllegalArgumentException("factor '" + name + "': level code " + c + " out of range");
            }
        }
    }

    /** Builds a factor from labels ({@code null} = missing); every label must be a declared level. */
    public static FactorColumn of(String name, List<String> levels, List<String> labels) {
        int[] codes = new int[labels.size()];
        for (int i = 0; i < codes.length; i++) {
            String label = labels.get(i);
            if (label == null) {
                codes[i] = MISSING;
                continue;
            }
            codes[i] = levels.indexOf(label);
            if (codes[i] < 0) {
                throw new StatsException("value '" + label + "' in row " + (i + 1)
                        + " is not a declared level of factor '" + name + "' " + levels);
            }
        }
        return new FactorColumn(name, levels, codes);
    }

    /** Builds a factor whose levels are the distinct labels, in order of first appearance. */
    public static FactorColumn ofAppearanceOrder(String name, List<String> labels) {
        List<String> levels = new ArrayList<>();
        for (String label : labels) {
            if (label != null && !levels.contains(label)) {
                levels.add(label);
            }
        }
        return of(name, levels, labels);
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    public int code(int row) {
        return codes[row];
    }

    /** The label of {@code row}, or {@code null} when missing. */
    public String label(int row) {
        return codes[row] == MISSING ? null : levels.get(codes[row]);
    }

    public int levelCount() {
        return levels.size();
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] == MISSING;
    }

    @Override
    public FactorColumn select(int[] rows) {
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = codes[rows[i]];
        }
        return new FactorColumn(name, levels, picked);
    }

    /** The same column without the levels that have no observations (R's {@code droplevels}). */
    public FactorColumn dropUnusedLevels() {
        int[] counts = levelCounts();
        List<String> kept = new ArrayList<>();
        int[] newIndex = new int[levels.size()];
        for (int l = 0; l < levels.size(); l++) {
            newIndex[l] = counts[l] > 0 ? kept.size() : MISSING;
            if (counts[l] > 0) {
                kept.add(levels.get(l));
            }
        }
        int[] recoded = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            recoded[i] = codes[i] == MISSING ? MISSING : newIndex[codes[i]];
        }
        return new FactorColumn(name, kept, recoded);
    }

    /** Number of observations at each level. */
    public int[] levelCounts() {
        int[] counts = new int[levels.size()];
        for (int c : codes) {
            if (c != MISSING) {
                counts[c]++;
            }
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactorColumn f && f.name.equals(name) && f.levels.equals(levels)
                && Arrays.equals(f.codes, codes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return "FactorColumn[" + name + ", levels=" + levels + ", n=" + codes.length + "]";
    }
}
