package dev.petal.models.loading;

import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.nn.Module;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture models in the original layout, and the reference checks their loaded copies must pass. */
final class SingleFileFixtures {
    static final double TOL = 1e-4;

    private SingleFileFixtures() {
    }

    static Path unetDir(String cfg) {
        return Fixtures.sd().resolve("unet").resolve(cfg);
    }

    static Path vaeDir(String cfg) {
        return Fixtures.sd().resolve("vae").resolve(cfg);
    }

    static Path clipDir() {
        return Fixtures.sd().resolve("clip");
    }

    static Path unetWeights(String cfg) {
        return unetDir(cfg).resolve("model/diffusion_pytorch_model.safetensors");
    }

    static Path vaeWeights(String cfg) {
        return vaeDir(cfg).resolve("model/diffusion_pytorch_model.safetensors");
    }

    static Path clipWeights() {
        return clipDir().resolve("text_encoder/model.safetensors");
    }

    static Map<String, Tensor> unetLdm(String cfg) {
        return LdmFixtureWriter.toLdm(LdmFixtureWriter.read(unetWeights(cfg)), LdmFixtureKeys.unet(cfg), LdmFixtureWriter.UNET);
    }

    static Map<String, Tensor> vaeLdm(String cfg, String prefix) {
        return LdmFixtureWriter.toLdm(LdmFixtureWriter.read(vaeWeights(cfg)), LdmFixtureKeys.vae(cfg), prefix);
    }

    /** SD 1.x form, with the position_ids buffer real checkpoints carry. */
    static Map<String, Tensor> clipLdm() {
        Map<String, Tensor> out = LdmFixtureWriter.toLdm(LdmFixtureWriter.read(clipWeights()), LdmFixtureKeys.CLIP, LdmFixtureWriter.CLIP);
        out.put(LdmFixtureWriter.CLIP + "text_model.embeddings.position_ids", LdmFixtureWriter.positionIds());
        return out;
    }

    static Map<String, Tensor> openClipLdm() {
        return LdmFixtureWriter.openClip(LdmFixtureWriter.read(clipWeights()), 2);
    }

    @SafeVarargs
    static Map<String, Tensor> merge(Map<String, Tensor>... parts) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map<String, Tensor> p : parts) out.putAll(p);
        return out;
    }

    /** The UNet reproduces diffusers' noise prediction for the integer timesteps. */
    static void checkUnet(UNet2DConditionModel m, String cfg) {
        try (SafetensorsFile io = SafetensorsFile.open(unetDir(cfg).resolve("io.safetensors")); NoGrad g = NoGrad.open()) {
            Tensor out = m.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in.timesteps_int"), Tensors.load(io, "in.encoder_hidden_states"));
            Parity.assertClose("unet/" + cfg + " out.timesteps_int", out, io, "out.timesteps_int", TOL);
        }
    }

    /** The VAE reproduces diffusers' decoder output and posterior mean. */
    static void checkVae(AutoencoderKL m, String cfg) {
        try (SafetensorsFile io = SafetensorsFile.open(vaeDir(cfg).resolve("io.safetensors")); NoGrad g = NoGrad.open()) {
            Parity.assertClose("vae/" + cfg + " dec.sample", m.decode(Tensors.load(io, "in.latent")), io, "dec.sample", TOL);
            Parity.assertClose("vae/" + cfg + " enc.mean", m.encode(Tensors.load(io, "in.image")).mean(), io, "enc.mean", TOL);
        }
    }

    /** The text encoder reproduces transformers' last_hidden_state; {@code prefix} "" (quick_gelu) or "gelu.". */
    static void checkText(ClipTextModel m, String prefix) {
        try (SafetensorsFile io = SafetensorsFile.open(clipDir().resolve("text_encoder_outputs.safetensors")); NoGrad g = NoGrad.open()) {
            var out = m.forward(Tensors.load(io, "input_ids"), null);
            Parity.assertClose("text " + prefix + "last_hidden_state", out.lastHiddenState(), io, prefix + "last_hidden_state", TOL);
        }
    }

    /** Every tensor of the model equals the diffusers-layout fixture's, bit for bit. */
    static void assertSameWeights(Module m, Path diffusersFile) {
        Map<String, Tensor> state = m.stateDict();
        try (SafetensorsFile f = SafetensorsFile.open(diffusersFile)) {
            assertEquals(f.names().size(), state.size(), "tensor count");
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                assertTrue(Tensors.isFloat32(e.getValue()), e.getKey() + " is fp32");
                assertTrue(Arrays.equals(f.floats(e.getKey()), Tensors.toFloats(e.getValue())), e.getKey() + " differs from the fixture");
            }
        }
    }
}
