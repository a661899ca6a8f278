package dev.petal.schedulers;

/**
 * The coefficient algebra every sampler shares. At a noise level with signal scale α and noise scale σ
 * (variance-preserving: α = sqrt(ᾱ_t), σ = sqrt(1 − ᾱ_t)), the sample is {@code x = α·x0 + σ·ε} and the
 * velocity is {@code v = α·ε − σ·x0}; given the model output {@code m} of a prediction type, x0 and ε are
 * both linear in (x, m). This class returns those coefficients, in double.
 */
final class Parametrization {
    private Parametrization() {
    }

    /** Coefficients of {@code cx·x + cm·m}. */
    record Lin(double cx, double cm) {
    }

    /** x0 from (x, m): ε → (x − σ·m)/α; v → α·x − σ·m; sample → m. */
    static Lin x0(PredictionType type, double alpha, double sigma) {
        return switch (type) {
            case EPSILON -> new Lin(1 / alpha, -sigma / alpha);
            case V_PREDICTION -> new Lin(alpha, -sigma);
            case SAMPLE -> new Lin(0, 1);
        };
    }

    /** ε from (x, m): ε → m; v → σ·x + α·m; sample → (x − α·m)/σ. */
    static Lin epsilon(PredictionType type, double alpha, double sigma) {
        return switch (type) {
            case EPSILON -> new Lin(0, 1);
            case V_PREDICTION -> new Lin(sigma, alpha);
            case SAMPLE -> new Lin(1 / sigma, -alpha / sigma);
        };
    }

    /** x0 from (x, m) for a sample at ᾱ (variance-preserving scale). */
    static Lin x0AtAlphaCumprod(PredictionType type, double alphaCumprod) {
        return x0(type, Math.sqrt(alphaCumprod), Math.sqrt(1 - alphaCumprod));
    }

    static Lin epsilonAtAlphaCumprod(PredictionType type, double alphaCumprod) {
        return epsilon(type, Math.sqrt(alphaCumprod), Math.sqrt(1 - alphaCumprod));
    }

    /** α = 1/sqrt(s² + 1) of a k-diffusion noise level s (then σ = s·α). */
    static double alphaOfSigma(double s) {
        return 1 / Math.sqrt(s * s + 1);
    }

    /**
     * x0 from (x, m) for a sample in the variance-exploding scale of Euler, {@code x = x0 + s·ε} (= the VP
     * sample divided by α).
     */
    static Lin x0AtSigma(PredictionType type, double s) {
        double alpha = alphaOfSigma(s);
        Lin vp = x0(type, alpha, s * alpha);
        return new Lin(vp.cx() * alpha, vp.cm());
    }
}
