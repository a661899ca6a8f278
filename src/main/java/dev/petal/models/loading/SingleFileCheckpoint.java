package dev.petal.models.loading;

import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.models.vae.VaeConfig;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An original Stable Diffusion 1.x / 2.x single-file checkpoint (CompVis / Stability layout:
 * {@code model.diffusion_model.*}, {@code first_stage_model.*}, {@code cond_stage_model.*}) loaded into Petal's
 * diffusers-named models by renaming keys on load (see the {@link LdmLayout}s), converting fp16/bf16 to fp32.
 *
 * <pre>{@code
 * SingleFileCheckpoint.Models m = SingleFileCheckpoint.load(Path.of("v1-5-pruned-emaonly.safetensors"), LoadOptions.defaults());
 * m.unet(); m.vae(); m.textEncoder(); m.spec().predictionType();
 * }</pre>
 *
 * Loading the whole file is strict: every missing, unused or mis-shaped tensor is reported in one
 * {@link dev.petal.nn.StateDictException}. Deliberately unused: the diffusion schedule buffers ({@code betas},
 * {@code alphas_cumprod}, …), the EMA copy {@code model_ema.*} (the non-EMA weights are loaded, as diffusers does
 * by default), CLIP's {@code position_ids}, OpenCLIP's {@code text_projection}, {@code logit_scale} and last layer.
 */
public final class SingleFileCheckpoint implements AutoCloseable {
    public static final String EPSILON = "epsilon";
    public static final String V_PREDICTION = "v_prediction";

    private static final Set<String> SCHEDULE_BUFFERS = Set.of("betas", "alphas_cumprod", "alphas_cumprod_prev",
            "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod",
            "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
            "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2", "logvar", "lvlb_weights");

    /** The configurations a load will use and what the pipeline needs to know beyond the weights. */
    public record Spec(SdVersion version, String predictionType, UNetConfig unet, VaeConfig vae, ClipTextConfig textEncoder) {
    }

    public record Models(Spec spec, UNet2DConditionModel unet, AutoencoderKL vae, ClipTextModel textEncoder) {
    }

    private final TensorSource source;

    private SingleFileCheckpoint(TensorSource source) {
        this.source = source;
    }

    /** Opens a .safetensors file (pickle checkpoints are refused by {@link Checkpoints#open}). */
    public static SingleFileCheckpoint open(Path file) {
        return new SingleFileCheckpoint(Checkpoints.open(file));
    }

    /** Opens, loads every component and closes: what {@code petal generate --model file.safetensors} calls. */
    public static Models load(Path file, LoadOptions options) {
        try (SingleFileCheckpoint c = open(file)) {
            return c.load(options);
        }
    }

    /** True for a regular file holding original-layout UNet weights (rather than, say, a diffusers component). */
    public static boolean isOriginalLayout(Path file) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".safetensors")) return false;
        try (TensorSource s = Checkpoints.open(file)) {
            return LdmLoader.hasPrefix(s, UnetLdmLayout.PREFIX);
        }
    }

    public Path path() {
        return source.path();
    }

    /** The UNet's cross-attention context width (768 for SD 1.x, 1024 for 2.x), if the file has cross-attention. */
    public OptionalLong contextWidth() {
        return SdVersion.contextWidth(source);
    }

    public Optional<SdVersion> detectVersion() {
        OptionalLong w = contextWidth();
        return w.isPresent() ? SdVersion.ofContextWidth(w.getAsLong()) : Optional.empty();
    }

    /** True when the text encoder is stored in OpenCLIP form (SD 2.x), false for transformers' CLIP (SD 1.x). */
    public boolean hasOpenClipTextEncoder() {
        return LdmLoader.hasPrefix(source, OpenClipLdmLayout.PREFIX);
    }

    /** Fills in every choice the options leave open: version, prediction type and the three configs. */
    public Spec resolve(LoadOptions o) {
        SdVersion v = o.version() != null ? o.version() : detectVersion().orElse(null);
        boolean openClip = hasOpenClipTextEncoder();
        boolean clip = LdmLoader.hasPrefix(source, ClipLdmLayout.PREFIX);
        if (v == null && (o.unet() == null || (o.textEncoder() == null && !openClip && !clip))) {
            throw new IllegalArgumentException(path() + ": cannot tell SD 1.x from 2.x: " + undetectedReason()
                    + "; pass the version (or every config)");
        }
        SdVersion textVersion = openClip ? SdVersion.V2 : clip ? SdVersion.V1 : v;
        return new Spec(v,
                o.predictionType() != null ? o.predictionType() : v == null ? EPSILON : v.defaultPredictionType,
                o.unet() != null ? o.unet() : BundledConfigs.unet(v),
                o.vae() != null ? o.vae() : BundledConfigs.vae(),
                o.textEncoder() != null ? o.textEncoder() : BundledConfigs.textEncoder(textVersion));
    }

    private String undetectedReason() {
        OptionalLong w = contextWidth();
        if (w.isEmpty()) return "no cross-attention weights (" + UnetLdmLayout.PREFIX + "….attn2.to_k.weight) in the file";
        return "the UNet's cross-attention context width is " + w.getAsLong() + ", neither "
                + SdVersion.V1.contextWidth + " (SD 1.x) nor " + SdVersion.V2.contextWidth + " (SD 2.x)";
    }

    /** Builds and loads the three models; all problems of the whole file are reported at once. */
    public Models load(LoadOptions options) {
        Spec spec = resolve(options);
        UNet2DConditionModel unet = new UNet2DConditionModel(spec.unet());
        AutoencoderKL vae = new AutoencoderKL(spec.vae());
        ClipTextModel text = new ClipTextModel(spec.textEncoder());
        LdmLoader.Part vaePart = new LdmLoader.Part("vae", vae, new VaeLdmLayout(vae.config, VaeLdmLayout.PREFIX));
        LdmLoader.load(source, List.of(unetPart(unet), vaePart, textPart(text)), SingleFileCheckpoint::unusedOutsideModels);
        return new Models(spec, unet, vae, text);
    }

    /** Loads only the UNet (the file's other keys are not checked). */
    public UNet2DConditionModel loadUnet(UNetConfig config) {
        UNet2DConditionModel m = new UNet2DConditionModel(config);
        LdmLoader.load(source, List.of(unetPart(m)), null);
        return m;
    }

    /** Loads only the VAE; also reads a standalone LDM VAE file (keys without {@code first_stage_model.}). */
    public AutoencoderKL loadVae(VaeConfig config) {
        AutoencoderKL m = new AutoencoderKL(config);
        String prefix = LdmLoader.hasPrefix(source, VaeLdmLayout.PREFIX) ? VaeLdmLayout.PREFIX : "";
        LdmLoader.load(source, List.of(new LdmLoader.Part("vae", m, new VaeLdmLayout(config, prefix))), null);
        return m;
    }

    /** Loads only the text encoder, from either the CLIP (SD 1.x) or the OpenCLIP (SD 2.x) form. */
    public ClipTextModel loadTextEncoder(ClipTextConfig config) {
        ClipTextModel m = new ClipTextModel(config);
        LdmLoader.load(source, List.of(textPart(m)), null);
        return m;
    }

    private LdmLoader.Part unetPart(UNet2DConditionModel m) {
        return new LdmLoader.Part("unet", m, new UnetLdmLayout(m.config));
    }

    private LdmLoader.Part textPart(ClipTextModel m) {
        LdmLayout layout = hasOpenClipTextEncoder() ? new OpenClipLdmLayout(m.config().numHiddenLayers()) : ClipLdmLayout.of(source);
        return new LdmLoader.Part("text_encoder", m, layout);
    }

    private static boolean unusedOutsideModels(String key) {
        return SCHEDULE_BUFFERS.contains(key) || key.startsWith("model_ema.");
    }

    @Override
    public void close() {
        source.close();
    }
}
