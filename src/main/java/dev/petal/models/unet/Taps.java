package dev.petal.models.unet;

import org.bytedeco.pytorch.Tensor;

/**
 * What a block does at its {@link TapPoint}s: given the tensor flowing there, return the tensor that flows on.
 * Points are visited in data-flow order during each forward pass. The default passes everything through;
 * adapters install their own.
 */
public interface Taps {
    Taps NONE = (point, value) -> value;

    Tensor at(TapPoint point, Tensor value);
}
