package dev.petal.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.bench.Stats;
import dev.petal.images.Images;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.study.StudyDir;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code petal pretrain vae}: an AutoencoderKL from scratch on the train images of every emoji style, loss
 * L1(x, x̂) + klWeight·KL/(3·H·W) with x̂ decoded from a posterior sample. At the end: the latent scaling factor
 * (1/std of posterior samples over the training images, as LDM), the {@code vae/} folder, held-out PSNR per
 * style and a reconstruction grid.
 *
 * <pre>
 * OUT/vae/                   config.json + diffusion_pytorch_model.safetensors
 * OUT/eval.json              PSNR per style, parameters, steps, time, final losses
 * OUT/samples/reconstructions.png   rows: originals, reconstructions (per style)
 * OUT/loss.jsonl, pretrain.json, checkpoints/
 * </pre>
 */
public final class VaePretraining {
    public static final List<String> STYLES = List.of("noto", "twemoji");
    private static final int SCALE_SAMPLE = 2048;

    public record Options(PretrainPreset preset, Path data, Path out, Optim optim, long seed, boolean resume) {
    }

    public record Outcome(Path vaeDir, long parameters, int steps, double seconds, double finalLoss, double scalingFactor,
                          Map<String, Double> psnr, double peakRssMiB) {
    }

    private VaePretraining() {
    }

    public static Outcome run(Options o, PretrainLoop.Listener listener) {
        PretrainPreset.Vae recipe = o.preset().vae();
        ObjectNode config = recipe.configJson();
        int res = o.preset().resolution();
        ImagePool train = ImagePool.open(ImagePool.emojiFolders(o.data(), STYLES, "train"), res);
        List<ImagePool> test = new ArrayList<>();
        for (String style : STYLES) test.add(ImagePool.open(ImagePool.emojiFolders(o.data(), List.of(style), "test"), res));

        Torch.seed(o.seed());
        AutoencoderKL vae = new AutoencoderKL(ModelFiles.vaeConfig(config));
        startNearlyDeterministic(vae);
        vae.train(true);
        RunConfig cfg = new RunConfig("vae", o.preset().name(), config, o.optim(), o.seed(), o.data().toString(),
                Map.of("kl_weight", recipe.klWeight(), "resolution", res));
        double klScale = recipe.klWeight() / (3.0 * res * res);
        int batch = o.optim().batchSize();
        PretrainLoop.Result r = new PretrainLoop(cfg, vae.namedParameters(), o.out()).run(o.resume(), step -> {
            ImagePool.Draw d = train.batch(o.seed(), step, batch, true);
            Tensor x = train.images(d.indices(), d.flip());
            AutoencoderKL.LatentDistribution q = vae.encode(x);
            Tensor xr = vae.decode(q.sample(torch.randn_like(q.mean())));
            Tensor rec = xr.sub(x).abs().mean();
            Tensor kl = kl(q);
            return new PretrainLoop.Loss(rec.add(kl.mul(new Scalar(klScale))), Map.of("rec", rec, "kl", kl));
        }, listener);
        vae.train(false);

        double scaling = scalingFactor(vae, train, o.seed());
        config.put("scaling_factor", scaling);
        Path dir = o.out().resolve("vae");
        ModelFiles.writeComponent(dir, config, ModelFiles.DIFFUSERS_WEIGHTS, vae.stateDict(), o.preset().weightsDtype());

        AutoencoderKL saved = AutoencoderKL.load(dir); // evaluate what was written (as stored, e.g. fp16-rounded)
        Map<String, Double> psnr = new LinkedHashMap<>();
        List<BufferedImage> tiles = new ArrayList<>();
        double sum = 0;
        int n = 0;
        for (int s = 0; s < STYLES.size(); s++) {
            double[] per = psnr(saved, test.get(s), 32);
            double mean = 0;
            for (double v : per) mean += v;
            psnr.put(STYLES.get(s), mean / per.length);
            sum += mean;
            n += per.length;
            tiles.addAll(reconstructionRows(saved, test.get(s), 8));
        }
        psnr.put("all", sum / n);
        Images.writePng(Images.grid(tiles, 8), o.out().resolve("samples").resolve("reconstructions.png"));
        Outcome out = new Outcome(dir, vae.parameterCount(), r.steps(), r.seconds(), r.finalLoss(), scaling, psnr, Stats.peakRssMiB());
        writeEval(o.out(), out, r);
        return out;
    }

    /**
     * The posterior's log-variance starts at {@value #INITIAL_LOGVAR} for every input (quant_conv's log-variance
     * rows zero, their bias −8: σ ≈ 0.02). From PyTorch's default init σ starts near 1, the latents are mostly
     * noise, and the decoder learns to ignore whole latent channels before the encoder can shrink their σ (seen
     * here: one of 4 channels with σ ≈ 1.6 after 250 steps, reconstruction stuck at L1 0.25).
     */
    static void startNearlyDeterministic(AutoencoderKL vae) {
        if (vae.quantConv == null) throw new IllegalArgumentException("the VAE preset needs use_quant_conv (the posterior's initial variance is set there)");
        long l = vae.config.latentChannels();
        try (NoGrad g = NoGrad.open()) {
            vae.quantConv.weight.narrow(0, l, l).zero_();
            vae.quantConv.bias.narrow(0, l, l).fill_(new Scalar(INITIAL_LOGVAR));
        }
    }

    static final double INITIAL_LOGVAR = -8;

    /** KL(q ‖ N(0, I)) summed over the latent, per example, averaged over the batch. */
    static Tensor kl(AutoencoderKL.LatentDistribution q) {
        Tensor logvar = q.logvar();
        Tensor perElement = q.mean().pow(new Scalar(2)).add(torch.exp(logvar)).sub(new Scalar(1.0)).sub(logvar);
        return perElement.sum(new long[]{1, 2, 3}, false, null).mean().mul(new Scalar(0.5));
    }

    /** 1/std of posterior samples of up to 2048 training images (seeded). */
    static double scalingFactor(AutoencoderKL vae, ImagePool train, long seed) {
        int n = Math.min(SCALE_SAMPLE, train.size());
        int[] idx = train.draw(seed ^ 0x5CA1EL, 0, n);
        double sum = 0, sumSq = 0;
        long count = 0;
        try (NoGrad g = NoGrad.open()) {
            Torch.seed(seed);
            for (int i = 0; i < n; i += 64) {
                try (Scope s = Scope.open()) {
                    int[] chunk = java.util.Arrays.copyOfRange(idx, i, Math.min(n, i + 64));
                    AutoencoderKL.LatentDistribution q = vae.encode(train.images(chunk, null));
                    float[] z = Tensors.toFloats(q.sample(torch.randn_like(q.mean())));
                    for (float v : z) {
                        sum += v;
                        sumSq += (double) v * v;
                    }
                    count += z.length;
                }
            }
        }
        double mean = sum / count;
        return 1.0 / Math.sqrt(sumSq / count - mean * mean);
    }

    /** PSNR (dB, images in [0, 1] after clamping) of each image reconstructed from its posterior mean. */
    public static double[] psnr(AutoencoderKL vae, ImagePool images, int batch) {
        double[] out = new double[images.size()];
        try (NoGrad g = NoGrad.open()) {
            for (int i = 0; i < images.size(); i += batch) {
                try (Scope s = Scope.open()) {
                    int[] idx = range(i, Math.min(images.size(), i + batch));
                    Tensor x = images.images(idx, null);
                    Tensor xr = reconstruct(vae, x);
                    Tensor mse = toUnit(xr).sub(toUnit(x)).pow(new Scalar(2)).mean(new long[]{1, 2, 3}, false, null);
                    double[] m = Tensors.toDoubles(mse);
                    for (int k = 0; k < m.length; k++) out[i + k] = 10 * Math.log10(1.0 / Math.max(m[k], 1e-10));
                }
            }
        }
        return out;
    }

    /** x in [−1, 1] → decode(posterior mean), clamped to [−1, 1]. */
    static Tensor reconstruct(AutoencoderKL vae, Tensor x) {
        return torch.clamp(vae.decode(vae.encode(x).mean()), new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));
    }

    private static Tensor toUnit(Tensor x) {
        return x.add(new Scalar(1.0)).div(new Scalar(2.0));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /** The first {@code n} images of a set, then their reconstructions. */
    static List<BufferedImage> reconstructionRows(AutoencoderKL vae, ImagePool images, int n) {
        List<BufferedImage> originals = new ArrayList<>(), recs = new ArrayList<>();
        try (NoGrad g = NoGrad.open(); Scope s = Scope.open()) {
            Tensor x = images.images(range(0, Math.min(n, images.size())), null);
            Tensor xr = reconstruct(vae, x);
            for (int i = 0; i < x.size(0); i++) {
                originals.add(Images.toImage(toUnit(x.select(0, i))));
                recs.add(Images.toImage(toUnit(xr.select(0, i))));
            }
        }
        originals.addAll(recs);
        return originals;
    }

    private static void writeEval(Path out, Outcome o, PretrainLoop.Result r) {
        ObjectNode j = ModelFiles.JSON.createObjectNode();
        j.put("stage", "vae");
        j.put("parameters", o.parameters());
        j.put("steps", o.steps());
        j.put("seconds_this_session", o.seconds());
        j.put("resumed_from_step", r.startStep());
        j.put("final_loss", o.finalLoss());
        j.put("scaling_factor", o.scalingFactor());
        ObjectNode p = j.putObject("psnr_db_test");
        o.psnr().forEach(p::put);
        j.put("peak_rss_mib", o.peakRssMiB());
        StudyDir.writeAtomically(out.resolve("eval.json"), j.toPrettyString() + "\n");
    }
}
