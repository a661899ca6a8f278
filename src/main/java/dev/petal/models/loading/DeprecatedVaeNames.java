package dev.petal.models.loading;

import dev.petal.safetensors.TensorSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diffusers VAE folders saved before diffusers 0.14 name the mid-block attention {@code query, key, value,
 * proj_attn}; current diffusers (and Petal) call them {@code to_q, to_k, to_v, to_out.0}. diffusers renames them
 * on load; {@link #view} does the same for Petal:
 *
 * <pre>{@code
 * try (TensorSource weights = DeprecatedVaeNames.view(Checkpoints.open(dir))) {
 *     vae.loadStateDict(weights, true);
 * }
 * }</pre>
 */
public final class DeprecatedVaeNames {
    private static final Pattern OLD = Pattern.compile("(^|.*\\.)(attentions\\.\\d+\\.)(query|key|value|proj_attn)(\\.(?:weight|bias))");

    private DeprecatedVaeNames() {
    }

    /** The current name of a VAE state-dict key (unchanged unless it uses a deprecated attention name). */
    public static String rename(String key) {
        Matcher m = OLD.matcher(key);
        if (!m.matches()) return key;
        String now = switch (m.group(3)) {
            case "query" -> "to_q";
            case "key" -> "to_k";
            case "value" -> "to_v";
            default -> "to_out.0";
        };
        return m.group(1) + m.group(2) + now + m.group(4);
    }

    /** {@code weights} under current names. */
    public static TensorSource view(TensorSource weights) {
        return new RenamedTensorSource(weights, DeprecatedVaeNames::rename);
    }
}
