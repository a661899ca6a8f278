package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;

/** Response values split by the non-empty levels of a factor, in level order. */
record Groups(List<String> labels, List<double[]> values) {

    static Groups of(double[] y, FactorColumn factor) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int[] counts = factor.levelCounts();
        for (int level = 0; level < factor.levelCount(); level++) {
            if (counts[level] == 0) {
                continue;
            }
            double[] v = new double[counts[level]];
            int k = 0;
            for (int i = 0; i < y.length; i++) {
                if (factor.code(i) == level) {
                    v[k++] = y[i];
                }
            }
            labels.add(factor.levels().get(level));
            values.add(v);
        }
        return new Groups(labels, values);
    }

    int count() {
        return values.size();
    }

    int size(int group) {
        return values.get(group).length;
    }

    int total() {
        return values.stream().mapToInt(v -> v.length).sum();
    }

    double mean(int group) {
        return Moments.mean(values.get(group));
    }

    double variance(int group) {
        return Moments.variance(values.get(group));
    }

    double[] all() {
        double[] out = new double[total()];
        int k = 0;
        for (double[] v : values) {
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }
}
