package dev.petal.adapters;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/** The adapter's non-linearity between its down and up projections. */
public enum Activation {
    RELU, SIGMOID, SILU, IDENTITY;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> torch.relu(x);
            case SIGMOID -> torch.sigmoid(x);
            case SILU -> torch.silu(x);
            case IDENTITY -> x;
        };
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** relu, sigmoid, silu, identity (also the authors' "sig", "ident", "default" = relu). */
    @JsonCreator
    public static Activation parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "relu", "default" -> RELU;
            case "sigmoid", "sig" -> SIGMOID;
            case "silu", "swish" -> SILU;
            case "identity", "ident", "none", "linear" -> IDENTITY;
            default -> throw new IllegalArgumentException("unknown activation '" + s + "' (valid: relu, sigmoid, silu, identity)");
        };
    }
}
