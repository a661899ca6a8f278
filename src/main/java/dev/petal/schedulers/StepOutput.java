package dev.petal.schedulers;

import org.bytedeco.pytorch.Tensor;

/**
 * The result of one sampler step.
 *
 * @param prevSample   the sample at the next (less noisy) noise level: feed it to the next step
 * @param predOriginal the sampler's estimate of the clean sample x0 at this step, or null where the sampler
 *                     has none (PNDM)
 */
public record StepOutput(Tensor prevSample, Tensor predOriginal) {
}
