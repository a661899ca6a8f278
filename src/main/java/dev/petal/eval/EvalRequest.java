package dev.petal.eval;

import dev.petal.eval.metrics.FdMethod;
import dev.petal.eval.metrics.Kid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What to evaluate: image folders, metrics, feature models, and the metric options.
 *
 * @param reference  reference (real) images; needed by every metric but CLIP-T
 * @param prompts    prompts file for CLIP-T (see {@link Prompts})
 * @param clip       a transformers CLIP folder (CLIP-I, CLIP-T)
 * @param dino       a transformers DINO ViT folder (DINO)
 * @param inception  pytorch-fid's FID Inception weights as .safetensors[.gz] (FID, KID)
 * @param cache      feature cache folder, or null for none
 */
public record EvalRequest(Path generated, Path reference, Path prompts, Set<Metric> metrics, Path clip, Path dino, Path inception,
                          Path cache, FdMethod fdMethod, int kidSubsets, int kidSubsetSize, long kidSeed) {

    /** With the default options: EIGH_SYMMETRIC FD, torch-fidelity's KID settings, no cache. */
    public static EvalRequest of(Path generated, Path reference, Path prompts, Set<Metric> metrics, Path clip, Path dino, Path inception) {
        return new EvalRequest(generated, reference, prompts, metrics, clip, dino, inception, null, FdMethod.EIGH_SYMMETRIC,
                Kid.DEFAULT_SUBSETS, Kid.DEFAULT_SUBSET_SIZE, Kid.DEFAULT_SEED);
    }

    public EvalRequest withCache(Path folder) {
        return new EvalRequest(generated, reference, prompts, metrics, clip, dino, inception, folder, fdMethod, kidSubsets, kidSubsetSize, kidSeed);
    }

    /** Every missing input at once, before any model is loaded. */
    public void validate() {
        StringBuilder errors = new StringBuilder();
        if (metrics == null || metrics.isEmpty()) errors.append("\n  no metrics requested");
        else {
            requireFolder(errors, generated, "--generated", true);
            if (metrics.stream().anyMatch(Metric::needsReference)) requireFolder(errors, reference, "--reference", true);
            if (metrics.contains(Metric.CLIP_T) && (prompts == null || !Files.isRegularFile(prompts))) {
                errors.append("\n  clip-t needs --prompts FILE").append(prompts == null ? "" : " (" + prompts + " not found)");
            }
            if (metrics.stream().anyMatch(Metric::usesClip)) requireFolder(errors, clip, "--clip (CLIP model folder)", false);
            if (metrics.contains(Metric.DINO)) requireFolder(errors, dino, "--dino (DINO ViT folder)", false);
            if (metrics.contains(Metric.FID) || metrics.contains(Metric.KID)) {
                if (inception == null || !Files.isRegularFile(inception)) {
                    errors.append("\n  fid/kid need --inception FILE (pytorch-fid's pt_inception weights as .safetensors)")
                            .append(inception == null ? "" : ": " + inception + " not found");
                }
            }
        }
        if (kidSubsets < 1 || kidSubsetSize < 2) errors.append("\n  KID needs ≥ 1 subset of ≥ 2 samples");
        if (!errors.isEmpty()) throw new IllegalArgumentException("cannot evaluate:" + errors);
    }

    private static void requireFolder(StringBuilder errors, Path p, String what, boolean images) {
        if (p == null) errors.append("\n  missing ").append(what);
        else if (!Files.isDirectory(p)) errors.append("\n  ").append(what).append(": ").append(p).append(" is not a folder");
        else if (!images && !Files.isRegularFile(p.resolve("config.json"))) errors.append("\n  ").append(what).append(": ").append(p).append(" has no config.json");
    }
}
