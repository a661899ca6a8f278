package dev.petal.eval;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The evaluation metrics, by their command-line names. */
public enum Metric {
    /** mean CLIP image-embedding cosine over all (generated, reference) pairs (DreamBooth's CLIP-I) */
    CLIP_I("clip-i"),
    /** mean CLIP cosine of each generated image with its prompt (CLIP-T), with torchmetrics' ×100 score */
    CLIP_T("clip-t"),
    /** mean DINO [CLS] cosine over all (generated, reference) pairs (DreamBooth's DINO) */
    DINO("dino"),
    /** Fréchet distance of Inception pool3 features */
    FID("fid"),
    /** Kernel Inception Distance */
    KID("kid"),
    /** Fréchet distance of CLIP image embeddings (FD_CLIP: for worlds where Inception features mean little, e.g. emoji) */
    FD_CLIP("fd-clip"),
    /** Kernel distance (KID's polynomial MMD) of CLIP image embeddings */
    KID_CLIP("kid-clip");

    public final String cliName;

    Metric(String cliName) {
        this.cliName = cliName;
    }

    public static Metric parse(String s) {
        for (Metric m : values()) if (m.cliName.equalsIgnoreCase(s.trim())) return m;
        throw new IllegalArgumentException("unknown metric '" + s + "' (valid: clip-i, clip-t, dino, fid, kid, fd-clip, kid-clip)");
    }

    /** A comma-separated list such as "clip-i,clip-t,fid". */
    public static Set<Metric> parseList(String list) {
        List<Metric> out = new ArrayList<>();
        for (String s : list.split(",")) if (!s.isBlank()) out.add(parse(s));
        if (out.isEmpty()) throw new IllegalArgumentException("no metrics given");
        return EnumSet.copyOf(out);
    }

    public boolean needsReference() {
        return this != CLIP_T;
    }

    /** Whether the metric is computed on CLIP image embeddings (needs --clip). */
    public boolean usesClip() {
        return this == CLIP_I || this == CLIP_T || this == FD_CLIP || this == KID_CLIP;
    }
}
