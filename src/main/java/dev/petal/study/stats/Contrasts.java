package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;

/** Contrast codings of a factor, as R's {@code contr.treatment} and {@code contr.sum}. */
public enum Contrasts {
    /** Dummy columns for levels 2..L against the first level; columns named by level. */
    TREATMENT("contr.treatment"),
    /** Sum-to-zero: column j is +1 at level j and -1 at the last level; columns named 1..L-1. */
    SUM("contr.sum");

    private final String rName;

    Contrasts(String rName) {
        this.rName = rName;
    }

    public String rName() {
        return rName;
    }

    public static Contrasts fromR(String name) {
        for (Contrasts c : values()) {
            if (c.rName.equals(name)) {
                return c;
            }
        }
        throw new StatsException("unsupported contrasts '" + name + "' (supported: contr.treatment, contr.sum)");
    }

    /** The L × (L−1) coding matrix. */
    double[][] matrix(int levels) {
        double[][] m = new double[levels][levels - 1];
        for (int j = 0; j < levels - 1; j++) {
            switch (this) {
                case TREATMENT -> m[j + 1][j] = 1;
                case SUM -> {
                    m[j][j] = 1;
                    m[levels - 1][j] = -1;
                }
            }
        }
        return m;
    }

    /** The suffixes R appends to the factor name for each coded column. */
    List<String> suffixes(List<String> levels) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < levels.size() - 1; j++) {
            out.add(this == TREATMENT ? levels.get(j + 1) : Integer.toString(j + 1));
        }
        return out;
    }
}
