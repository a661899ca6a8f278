package dev.petal.training;

import dev.petal.models.vae.AutoencoderKL;
import dev.petal.pipeline.PromptEncoder;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training examples with everything the frozen parts of SD compute done once: the VAE posterior of every image
 * (mean and std, and those of its mirror image when flips are on) and the text embedding of every caption. Each
 * step only draws latents = (mean + std·ε)·scaling_factor — the same distribution as encoding afresh.
 */
public final class LatentDataset {
    private final Tensor mean;        // [N, C, h, w]
    private final Tensor std;         // [N, C, h, w]
    private final Tensor flipMean;    // [N, C, h, w] or null
    private final Tensor flipStd;     // [N, C, h, w] or null
    private final Tensor embeddings;  // [N, 77, D]
    private final double scalingFactor;
    private final double captionDropout;
    private final Tensor emptyCaption; // [1, 77, D] or null
    private final double variantProb;
    private final Tensor variants;     // [N, 77, D] or null: an alternative caption per example

    private LatentDataset(Tensor mean, Tensor std, Tensor flipMean, Tensor flipStd, Tensor embeddings, double scalingFactor,
                          double captionDropout, Tensor emptyCaption, double variantProb, Tensor variants) {
        this.mean = mean;
        this.std = std;
        this.flipMean = flipMean;
        this.flipStd = flipStd;
        this.embeddings = embeddings;
        this.scalingFactor = scalingFactor;
        this.captionDropout = captionDropout;
        this.emptyCaption = emptyCaption;
        this.variantProb = variantProb;
        this.variants = variants;
    }

    /**
     * The same examples, with each caption replaced by the empty prompt's embedding with probability {@code p}
     * in {@link #conditioning} (so the model also learns the unconditional prediction classifier-free guidance
     * needs). {@code emptyCaption} is the text encoder's output for "" ([1, 77, D]).
     */
    public LatentDataset withCaptionDropout(double p, Tensor emptyCaption) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("caption dropout must be in [0, 1), got " + p);
        if (emptyCaption.dim() != 3 || emptyCaption.size(0) != 1 || emptyCaption.size(1) != embeddings.size(1)
                || emptyCaption.size(2) != embeddings.size(2)) {
            throw new IllegalArgumentException("the empty caption's embedding must be [1, " + embeddings.size(1) + ", " + embeddings.size(2) + "]");
        }
        return new LatentDataset(mean, std, flipMean, flipStd, embeddings, scalingFactor, p, emptyCaption, variantProb, variants);
    }

    /**
     * The same examples, conditioned with probability {@code p} on {@code variants} [N, 77, D] (the embedding of
     * another caption of each example) instead of their own caption — after caption dropout, which takes precedence.
     */
    public LatentDataset withCaptionVariants(double p, Tensor variants) {
        if (!(p >= 0 && p + captionDropout < 1)) {
            throw new IllegalArgumentException("caption variant probability must be in [0, 1 − caption dropout), got " + p);
        }
        if (variants.dim() != 3 || variants.size(0) != embeddings.size(0) || variants.size(1) != embeddings.size(1)
                || variants.size(2) != embeddings.size(2)) {
            throw new IllegalArgumentException("the caption variants' embeddings must be " + java.util.Arrays.toString(embeddings.sizes().vec().get())
                    + ", got " + java.util.Arrays.toString(variants.sizes().vec().get()));
        }
        return new LatentDataset(mean, std, flipMean, flipStd, embeddings, scalingFactor, captionDropout, emptyCaption, p, variants);
    }

    /**
     * Encodes images ([3, H, W] in [−1, 1], all the same size) and their captions. Captions repeat in
     * personalization, so each distinct caption is encoded once.
     */
    public static LatentDataset encode(AutoencoderKL vae, PromptEncoder text, List<Tensor> images, List<String> captions,
                                       boolean flips, int batch) {
        if (images.isEmpty()) throw new IllegalArgumentException("no training images");
        if (images.size() != captions.size()) throw new IllegalArgumentException(images.size() + " images but " + captions.size() + " captions");
        try (NoGrad g = NoGrad.open()) {
            Tensor[] posterior = encodeAll(vae, images, false, batch);
            Tensor[] flipped = flips ? encodeAll(vae, images, true, batch) : new Tensor[]{null, null};
            return new LatentDataset(posterior[0], posterior[1], flipped[0], flipped[1], encodeCaptions(text, captions),
                    vae.config.scalingFactor(), 0, null, 0, null);
        }
    }

    /** Text embeddings [N, 77, D] of {@code captions}, each distinct caption encoded once. */
    public static Tensor encodeCaptions(PromptEncoder text, List<String> captions) {
        try (NoGrad g = NoGrad.open()) {
            Map<String, Tensor> byCaption = new LinkedHashMap<>();
            for (String c : captions) {
                byCaption.computeIfAbsent(c, k -> {
                    try (Scope s = Scope.open()) { // frees the text encoder's intermediates (thousands of captions when pretraining)
                        return s.keep(text.encode(List.of(k)));
                    }
                });
            }
            TensorVector rows = new TensorVector();
            for (String c : captions) rows.push_back(byCaption.get(c));
            return torch.cat(rows, 0);
        }
    }

    private static Tensor[] encodeAll(AutoencoderKL vae, List<Tensor> images, boolean flip, int batch) {
        List<Tensor> means = new ArrayList<>(), stds = new ArrayList<>();
        for (int i = 0; i < images.size(); i += batch) {
            try (Scope s = Scope.open()) {
                TensorVector chunk = new TensorVector();
                for (int j = i; j < Math.min(images.size(), i + batch); j++) chunk.push_back(images.get(j));
                Tensor x = torch.stack(chunk, 0);
                if (flip) x = x.flip(3);
                AutoencoderKL.LatentDistribution d = vae.encode(x);
                means.add(s.keep(d.mean().contiguous()));
                stds.add(s.keep(d.std().contiguous()));
            }
        }
        return new Tensor[]{torch.cat(new TensorVector(means.toArray(new Tensor[0])), 0),
                torch.cat(new TensorVector(stds.toArray(new Tensor[0])), 0)};
    }

    public int size() {
        return (int) mean.size(0);
    }

    public boolean hasFlips() {
        return flipMean != null;
    }

    /** Latents for the given examples (mirrored where {@code flip[k]}), drawn with the given standard noise. */
    public Tensor latents(long[] index, boolean[] flip, Tensor eps) {
        TensorVector m = new TensorVector(), s = new TensorVector();
        for (int k = 0; k < index.length; k++) {
            boolean f = flip != null && flip[k] && flipMean != null;
            m.push_back((f ? flipMean : mean).select(0, index[k]));
            s.push_back((f ? flipStd : std).select(0, index[k]));
        }
        return torch.stack(m, 0).add(torch.stack(s, 0).mul(eps)).mul(new Scalar(scalingFactor));
    }

    /** Text embeddings [B, 77, D] of the given examples. */
    public Tensor embeddings(long[] index) {
        return rows(embeddings, index);
    }

    private static Tensor rows(Tensor source, long[] index) {
        TensorVector rows = new TensorVector();
        for (long i : index) rows.push_back(source.select(0, i));
        return torch.stack(rows, 0);
    }

    /**
     * What the model is conditioned on in training: {@link #embeddings}, with caption dropout and caption variants
     * applied when set — one uniform draw u per example from torch's (seeded) generator: u &lt; dropout → the empty
     * caption, u &lt; dropout + variant probability → the variant; with neither set nothing is drawn.
     */
    public Tensor conditioning(long[] index) {
        Tensor e = embeddings(index);
        if (captionDropout <= 0 && variantProb <= 0) return e;
        Tensor u = torch.rand(index.length).view(index.length, 1, 1).to(e.device(), torch.ScalarType.Float);
        if (variantProb > 0) e = torch.where(u.lt(new Scalar(captionDropout + variantProb)), rows(variants, index), e);
        if (captionDropout > 0) e = torch.where(u.lt(new Scalar(captionDropout)), emptyCaption.expand_as(e), e);
        return e;
    }

    public double captionDropout() {
        return captionDropout;
    }

    /** Standard normal noise for {@code b} latents, drawn on the CPU generator and moved to the data's device. */
    public Tensor standardNormal(long b) {
        return torch.randn(b, mean.size(1), mean.size(2), mean.size(3)).to(mean.device(), mean.scalar_type());
    }

    /** Latent shape of one example [C, h, w]. */
    public long[] latentShape() {
        return new long[]{mean.size(1), mean.size(2), mean.size(3)};
    }
}
