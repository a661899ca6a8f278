package dev.petal.study.stats;

/** Which sums of squares an ANOVA table reports. */
public enum AnovaType {
    /** Sequential: each term adjusted for the terms before it (R's {@code anova}/{@code summary(aov)}). */
    I(Contrasts.TREATMENT),
    /** car's Type II: each term adjusted for all terms that do not contain it. */
    II(Contrasts.TREATMENT),
    /** car's Type III: each term adjusted for all others; needs sum-to-zero contrasts to be meaningful. */
    III(Contrasts.SUM);

    private final Contrasts defaultContrasts;

    AnovaType(Contrasts defaultContrasts) {
        this.defaultContrasts = defaultContrasts;
    }

    public Contrasts defaultContrasts() {
        return defaultContrasts;
    }

    public static AnovaType of(int type) {
        return switch (type) {
            case 1 -> I;
            case 2 -> II;
            case 3 -> III;
            default -> throw new StatsException("ANOVA type must be 1, 2 or 3, got " + type);
        };
    }
}
