package dev.petal.eval.metrics;

/** How {@code tr √(Σx Σy)} of the Fréchet distance is computed; all agree to ~1e-9 relative on well-posed inputs. */
public enum FdMethod {
    /**
     * Σ √max(λ, 0) over the eigenvalues of the symmetric {@code R Σy R}, R = Σx^½ (symmetric eigensolvers only; the
     * default). With fewer samples than dimensions, from the samples: the singular values of {@code Fx Fyᵀ}.
     */
    EIGH_SYMMETRIC("eigh_symmetric"),
    /**
     * pytorch-fid's (and clean-fid's) {@code calculate_frechet_distance}: the trace of scipy's Schur-based
     * {@code sqrtm(Σx Σy)}; if that is not finite, {@code sqrtm((Σx + εI)(Σy + εI))} with ε = 1e-6; a complex result
     * keeps its real part unless a diagonal imaginary part exceeds 1e-3 (then an error).
     */
    SQRTM("pytorch_fid_sqrtm"),
    /** torchmetrics: Σ Re √λ over the complex eigenvalues λ of {@code Σx Σy}. */
    EIGVALS("torchmetrics_eigvals"),
    /** pytorch-fid's ε fallback applied unconditionally: the trace of {@code sqrtm((Σx + εI)(Σy + εI))}. */
    SQRTM_EPS("pytorch_fid_eps_fallback_forced");

    /** The name the reference fixtures use. */
    public final String referenceName;

    FdMethod(String referenceName) {
        this.referenceName = referenceName;
    }

    /** By enum name (any case, '-' for '_') or reference name. */
    public static FdMethod parse(String s) {
        for (FdMethod m : values()) {
            if (m.name().equalsIgnoreCase(s.replace('-', '_')) || m.referenceName.equals(s)) return m;
        }
        throw new IllegalArgumentException("unknown FD method '" + s + "' (eigh-symmetric, sqrtm, eigvals, sqrtm-eps)");
    }
}
