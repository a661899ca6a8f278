package dev.petal.schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates samplers by name or from a config. Names (what {@code --sampler} offers):
 * <ul>
 *   <li>{@code ddpm}, {@code ddim}, {@code pndm} (PLMS), {@code euler}</li>
 *   <li>{@code dpmpp-2m}, {@code dpmpp-2m-karras}, {@code dpmpp-3m}: DPM-Solver++ multistep, order 2 or 3,
 *       on the model's sigmas or on Karras sigmas</li>
 * </ul>
 * A named sampler takes the noise schedule of a model's {@code scheduler_config.json} the way diffusers'
 * {@code from_config} does (see {@link SchedulerConfig#as}), or the Stable Diffusion 1.x schedule by default.
 */
public final class Samplers {
    public static final List<String> NAMES =
            List.of("ddpm", "ddim", "pndm", "euler", "dpmpp-2m", "dpmpp-2m-karras", "dpmpp-3m");

    private Samplers() {
    }

    /** The sampler of the config's own class, e.g. from a pipeline's {@code scheduler/scheduler_config.json}. */
    public static Sampler create(SchedulerConfig config, int steps) {
        return switch (config.kind()) {
            case DDPM -> new DdpmSampler(config, steps);
            case DDIM -> new DdimSampler(config, steps);
            case PNDM -> new PndmSampler(config, steps);
            case EULER -> new EulerSampler(config, steps);
            case DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepSampler(config, steps);
        };
    }

    /** A named sampler on the Stable Diffusion 1.x noise schedule. */
    public static Sampler create(String name, int steps) {
        return create(configFor(name, null), steps);
    }

    /** A named sampler on a model's noise schedule ({@code modelConfig} of any class; null = SD 1.x). */
    public static Sampler create(String name, SchedulerConfig modelConfig, int steps) {
        return create(configFor(name, modelConfig), steps);
    }

    /** DDIM with stochasticity eta (0 = deterministic, 1 = DDPM-like). */
    public static DdimSampler ddim(SchedulerConfig config, int steps, double eta) {
        return new DdimSampler(config.kind() == SchedulerKind.DDIM ? config : config.as(SchedulerKind.DDIM, Map.of()),
                steps, eta);
    }

    /** The config a named sampler runs with, carried over from {@code modelConfig} (null = SD 1.x). */
    public static SchedulerConfig configFor(String name, SchedulerConfig modelConfig) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        SchedulerKind kind = switch (name) {
            case "ddpm" -> SchedulerKind.DDPM;
            case "ddim" -> SchedulerKind.DDIM;
            case "pndm" -> {
                overrides.put("skip_prk_steps", true);
                yield SchedulerKind.PNDM;
            }
            case "euler" -> SchedulerKind.EULER;
            case "dpmpp-2m", "dpmpp-2m-karras", "dpmpp-3m" -> {
                overrides.put("algorithm_type", "dpmsolver++");
                overrides.put("solver_order", name.equals("dpmpp-3m") ? 3 : 2);
                overrides.put("use_karras_sigmas", name.endsWith("-karras"));
                yield SchedulerKind.DPM_SOLVER_MULTISTEP;
            }
            default -> throw new IllegalArgumentException("unknown sampler \"" + name + "\" (expected one of "
                    + String.join(", ", NAMES) + ")");
        };
        SchedulerConfig base = modelConfig != null ? modelConfig : SchedulerConfig.stableDiffusion(kind);
        return base.as(kind, overrides);
    }
}
