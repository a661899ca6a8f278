package dev.petal.schedulers;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The diffusers scheduler classes Petal implements, by their {@code _class_name}, each with the config keys its
 * {@code __init__} accepts (keys a class does not accept are ignored when reading a file, as diffusers does).
 */
public enum SchedulerKind {
    DDPM("DDPMScheduler", "variance_type", "clip_sample", "clip_sample_range", "thresholding",
            "dynamic_thresholding_ratio", "sample_max_value", "rescale_betas_zero_snr"),
    DDIM("DDIMScheduler", "clip_sample", "clip_sample_range", "set_alpha_to_one", "thresholding",
            "dynamic_thresholding_ratio", "sample_max_value", "rescale_betas_zero_snr"),
    PNDM("PNDMScheduler", "skip_prk_steps", "set_alpha_to_one"),
    EULER("EulerDiscreteScheduler", "interpolation_type", "use_karras_sigmas", "use_exponential_sigmas",
            "use_beta_sigmas", "sigma_min", "sigma_max", "timestep_type", "rescale_betas_zero_snr",
            "final_sigmas_type"),
    DPM_SOLVER_MULTISTEP("DPMSolverMultistepScheduler", "solver_order", "thresholding",
            "dynamic_thresholding_ratio", "sample_max_value", "algorithm_type", "solver_type", "lower_order_final",
            "euler_at_final", "use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas", "use_lu_lambdas",
            "use_flow_sigmas", "flow_shift", "final_sigmas_type", "lambda_min_clipped", "variance_type",
            "rescale_betas_zero_snr", "use_dynamic_shifting", "time_shift_type");

    private final String className;
    private final Set<String> keys;

    SchedulerKind(String className, String... specific) {
        this.className = className;
        Set<String> k = new TreeSet<>(Common.KEYS);
        k.addAll(Arrays.asList(specific));
        this.keys = Set.copyOf(k);
    }

    /** Keys every class takes (a holder class: enum constructors cannot read the enum's static fields). */
    private static final class Common {
        static final Set<String> KEYS = Set.of("num_train_timesteps", "beta_start", "beta_end", "beta_schedule",
                "trained_betas", "prediction_type", "timestep_spacing", "steps_offset");
    }

    /** The diffusers class name, as in {@code _class_name}. */
    public String className() {
        return className;
    }

    /** Whether this class's constructor takes the config key. */
    public boolean accepts(String key) {
        return keys.contains(key);
    }

    /** The kind for a diffusers class name, or null when Petal does not implement it. */
    public static SchedulerKind forClassName(String name) {
        for (SchedulerKind k : values()) if (k.className.equals(name)) return k;
        return null;
    }

    public static String knownClassNames() {
        return Arrays.stream(values()).map(SchedulerKind::className).collect(Collectors.joining(", "));
    }
}
