package dev.petal.eval.inception;

import org.bytedeco.pytorch.Tensor;

/** A stage of the Inception network: one tensor in, one out. */
interface InceptionBlock {
    Tensor forward(Tensor x);
}
