package dev.petal.tasks;

import dev.petal.pipeline.PromptEncoder;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.report.Charts;
import dev.petal.schedulers.NoiseSchedule;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The paper's visual analysis: noise a class image, predict the noise once under "a photo of sks class" and once
 * under "a photo of class", and show |difference| (mean over latent channels). Adapters that learned the
 * identifier (input CA_c or CA_out in the paper) show a clear map; the others barely react.
 */
public final class NoiseDifferenceMap {
    private NoiseDifferenceMap() {
    }

    /** The |Δε| map [h, w] for one image ([3, H, W] in [−1, 1]) at timestep t, with fixed noise from {@code seed}. */
    public static float[][] compute(StableDiffusion sd, Tensor image, String withIdentifier, String without, int t, long seed) {
        try (NoGrad g = NoGrad.open()) {
            PromptEncoder enc = new PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0);
            Tensor latents = sd.vae().encode(image.unsqueeze(0)).mean().mul(new Scalar(sd.vae().config.scalingFactor()));
            Torch.seed(seed);
            Tensor noise = torch.randn_like(latents);
            NoiseSchedule ns = NoiseSchedule.of(sd.schedulerConfig());
            Tensor noisy = ns.addNoise(latents, noise, (long) t);
            Tensor ts = Tensors.fromLongs(new long[]{t}).to(latents.device(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
            Tensor a = sd.unet().forward(noisy, ts, enc.encode(List.of(withIdentifier)));
            Tensor b = sd.unet().forward(noisy, ts, enc.encode(List.of(without)));
            Tensor diff = a.sub(b).abs().mean(new long[]{1}, false, null).select(0, 0); // [h, w]
            int h = (int) diff.size(0), w = (int) diff.size(1);
            float[] v = Tensors.toFloats(diff);
            float[][] out = new float[h][w];
            for (int y = 0; y < h; y++) System.arraycopy(v, y * w, out[y], 0, w);
            return out;
        }
    }

    /** The map as a picture ({@code scale}× enlarged, viridis colours, normalised to [0, {@code max}]). */
    public static BufferedImage render(float[][] map, double max, int scale) {
        int h = map.length, w = map[0].length;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                img.setRGB(x, y, Charts.Viridis.color(map[y / scale][x / scale] / max).getRGB());
            }
        }
        return img;
    }

    public static double max(float[][] map) {
        double m = 1e-12;
        for (float[] r : map) for (float v : r) m = Math.max(m, v);
        return m;
    }
}
