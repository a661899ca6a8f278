package dev.petal.adapters;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One point of the paper's design space: input position × output position × function form (activation,
 * scale s, bottleneck r), plus the initialisation and the blocks that get an adapter.
 *
 * @param init  {@code paper}: PyTorch's default init for both layers, as the authors' code (the model differs
 *              from the base at step 0); {@code zero-up}: the up projection starts at zero
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdapterSpec(Position input, Position output, Activation activation, double scale, int rank,
                          String init, BlockSelection blocks) {

    public static final String INIT_PAPER = "paper";
    public static final String INIT_ZERO_UP = "zero-up";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public AdapterSpec {
        if (input == null || output == null) throw new IllegalArgumentException("adapter input and output positions are required");
        if (!input.validOutputs().contains(output)) {
            throw new IllegalArgumentException("invalid adapter: output " + output + " cannot follow input " + input
                    + "; valid outputs for " + input + ": " + Position.labels(input.validOutputs()));
        }
        activation = activation == null ? Activation.RELU : activation;
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("adapter scale must be a positive number, got " + scale);
        if (rank <= 0) throw new IllegalArgumentException("adapter bottleneck rank must be positive, got " + rank);
        init = init == null ? INIT_PAPER : init;
        if (!init.equals(INIT_PAPER) && !init.equals(INIT_ZERO_UP)) {
            throw new IllegalArgumentException("unknown adapter init '" + init + "' (valid: paper, zero-up)");
        }
        blocks = blocks == null ? BlockSelection.ALL : blocks;
    }

    /** The paper's recipe: CA_out → FFN_in, ReLU, s = 1, in every transformer block, with bottleneck r. */
    public static AdapterSpec recipe(int rank) {
        return new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1.0, rank, INIT_PAPER, BlockSelection.ALL);
    }

    public AdapterSpec withScale(double s) {
        return new AdapterSpec(input, output, activation, s, rank, init, blocks);
    }

    public AdapterSpec withPositions(Position in, Position out) {
        return new AdapterSpec(in, out, activation, scale, rank, init, blocks);
    }

    public AdapterSpec withInit(String how) {
        return new AdapterSpec(input, output, activation, scale, rank, how, blocks);
    }

    /** "CA_out→FFN_in relu s=1 r=60". */
    public String describe() {
        return input + "→" + output + " " + activation.label() + " s=" + (scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale)) + " r=" + rank;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static AdapterSpec fromJson(String json) {
        try {
            return JSON.readValue(json, AdapterSpec.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new IllegalArgumentException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid adapter spec JSON: " + e.getMessage(), e);
        }
    }
}
