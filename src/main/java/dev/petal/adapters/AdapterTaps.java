package dev.petal.adapters;

import dev.petal.models.unet.TapPoint;
import dev.petal.models.unet.Taps;
import org.bytedeco.pytorch.Tensor;

import java.util.function.UnaryOperator;

/**
 * Wires one adapter into a block: at the input point it computes a = adapter(value); at the output point it
 * returns value + a (the same point when input = output). Points arrive in data-flow order, so the input is
 * always seen first within a forward pass.
 */
final class AdapterTaps implements Taps {
    private final TapPoint input;
    private final TapPoint output;
    private final UnaryOperator<Tensor> adapter;
    private boolean enabled = true;
    private Tensor pending;

    AdapterTaps(TapPoint input, TapPoint output, UnaryOperator<Tensor> adapter) {
        this.input = input;
        this.output = output;
        this.adapter = adapter;
    }

    void setEnabled(boolean on) {
        enabled = on;
    }

    @Override
    public Tensor at(TapPoint point, Tensor value) {
        if (!enabled) return value;
        if (point == input) {
            Tensor a = adapter.apply(value);
            if (point == output) return value.add(a);
            pending = a;
            return value;
        }
        if (point == output) {
            if (pending == null) throw new IllegalStateException("adapter output point " + output + " reached before input " + input);
            Tensor out = value.add(pending);
            pending = null;
            return out;
        }
        return value;
    }
}
