package dev.petal.schedulers;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One sampling run of a diffusion sampler over a fixed list of steps (k-diffusion style: the model is called by
 * the pipeline, the sampler only does the arithmetic). A pipeline does:
 *
 * <pre>{@code
 * Sampler s = Samplers.create("dpmpp-2m", config, 25);
 * Tensor x = noise.mul(new Scalar(s.initNoiseSigma()));
 * for (int i = 0; i < s.numSteps(); i++) {
 *     Tensor eps = unet.forward(s.scaleModelInput(x, i), s.timestep(i), context);
 *     x = s.step(eps, i, x).prevSample();
 * }
 * }</pre>
 *
 * Steps are addressed by index {@code i} in [0, {@link #numSteps()}). Multistep samplers (PNDM, DPM-Solver)
 * keep a history and must be stepped in order 0, 1, 2, … on one instance; use a new instance per run and
 * {@link #close()} it afterwards. The history survives a {@code PointerScope} around each step.
 */
public interface Sampler extends AutoCloseable {

    /** The config the sampler was built from (its noise schedule and options). */
    SchedulerConfig config();

    /** The training noise schedule (betas, ᾱ). */
    NoiseSchedule schedule();

    /** How many times the model is called (PNDM: N + 1 for N steps, its second timestep repeats). */
    int numSteps();

    /** The timestep given to the model at each step: integers, except Euler's fractional float32 values. */
    double[] timesteps();

    /** True when {@link #timesteps()} are fractional (then {@link #timestep(int)} is float32, else int64). */
    default boolean fractionalTimesteps() {
        return false;
    }

    /** Step i's timestep as a 0-d tensor (int64, or float32 for fractional timesteps) to pass to the UNet. */
    default Tensor timestep(int i) {
        double t = timesteps()[i];
        return fractionalTimesteps() ? Tensors.fromFloats(new float[]{(float) t}) : Tensors.fromLongs(new long[]{(long) t});
    }

    /** The scale of the initial noise: start from {@code randn · initNoiseSigma()}. */
    double initNoiseSigma();

    /** What the model sees at step i (Euler divides by sqrt(σ² + 1); the others return x). */
    default Tensor scaleModelInput(Tensor x, int i) {
        return x;
    }

    /** Whether step i adds fresh noise (DDPM with t > 0, DDIM with eta > 0). */
    default boolean needsNoise(int i) {
        return false;
    }

    /**
     * Step i: from the sample {@code x} at this step's noise level and the model's output for it, the sample
     * at the next level. {@code noise} (standard normal, shape of x) is used when {@link #needsNoise} says so
     * and may be null otherwise.
     */
    StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise);

    /** {@link #step(Tensor, int, Tensor, Tensor)}, drawing the noise from torch's global generator if needed. */
    default StepOutput step(Tensor modelOutput, int i, Tensor x) {
        return step(modelOutput, i, x, needsNoise(i) ? torch.randn_like(x) : null);
    }

    /**
     * Noises a clean sample to the level of step i (img2img): one step index for the whole batch, or one per
     * batch element.
     */
    Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices);

    /** Frees the history of a multistep sampler. */
    @Override
    default void close() {
    }
}
