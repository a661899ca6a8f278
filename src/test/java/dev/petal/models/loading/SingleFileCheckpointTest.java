package dev.petal.models.loading;

import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.nn.LoadReport;
import dev.petal.nn.Module;
import dev.petal.nn.StateDictException;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole files: three models from one checkpoint, one error for every problem, fp16/bf16 → fp32. */
class SingleFileCheckpointTest {
    @TempDir
    Path tmp;

    static LoadOptions fixtureConfigs(String unet, String vae, ClipTextConfig text) {
        return LoadOptions.defaults()
                .withUnet(UNetConfig.load(SingleFileFixtures.unetDir(unet).resolve("model/config.json")))
                .withVae(VaeSingleFileTest.config(vae))
                .withTextEncoder(text);
    }

    private Path write(String name, Map<String, Tensor> tensors) {
        Path file = tmp.resolve(name + ".safetensors");
        LdmFixtureWriter.write(file, tensors);
        return file;
    }

    private Map<String, Tensor> sd1Style() {
        return SingleFileFixtures.merge(SingleFileFixtures.unetLdm("tiny"), SingleFileFixtures.vaeLdm("tiny", LdmFixtureWriter.VAE),
                SingleFileFixtures.clipLdm(), LdmFixtureWriter.extras());
    }

    @Test
    void sd1StyleFileLoadsAllThreeModels() {
        Path file = write("sd1", sd1Style());
        assertTrue(SingleFileCheckpoint.isOriginalLayout(file));
        var m = SingleFileCheckpoint.load(file, fixtureConfigs("tiny", "tiny", TextEncoderSingleFileTest.quickGelu()));
        assertEquals(SingleFileCheckpoint.EPSILON, m.spec().predictionType());
        SingleFileFixtures.checkUnet(m.unet(), "tiny");
        SingleFileFixtures.checkVae(m.vae(), "tiny");
        SingleFileFixtures.checkText(m.textEncoder(), "");
    }

    @Test
    void sd2StyleFileLoadsAllThreeModels() {
        Path file = write("sd2", SingleFileFixtures.merge(SingleFileFixtures.unetLdm("sd2_style"),
                SingleFileFixtures.vaeLdm("sd_style", LdmFixtureWriter.VAE), SingleFileFixtures.openClipLdm(), LdmFixtureWriter.extras()));
        ClipTextConfig gelu = ClipTextConfig.load(SingleFileFixtures.clipDir().resolve("config_gelu_variant.json"));
        var m = SingleFileCheckpoint.load(file, fixtureConfigs("sd2_style", "sd_style", gelu).withVersion(SdVersion.V2));
        assertEquals(SdVersion.V2, m.spec().version());
        assertEquals(SingleFileCheckpoint.V_PREDICTION, m.spec().predictionType());
        SingleFileFixtures.checkUnet(m.unet(), "sd2_style");
        SingleFileFixtures.checkVae(m.vae(), "sd_style");
        SingleFileFixtures.checkText(m.textEncoder(), "gelu.");
    }

    @Test
    void missingExtraAndMisshapedKeysAreReportedTogether() {
        Map<String, Tensor> t = sd1Style();
        t.remove(LdmFixtureWriter.UNET + "input_blocks.1.0.in_layers.2.weight");
        t.put(LdmFixtureWriter.UNET + "input_blocks.1.0.bogus.weight", torch.randn(3, 5));
        t.put("mystery", torch.randn(2));
        t.put(LdmFixtureWriter.VAE + "decoder.norm_out.bias", torch.randn(7));
        Path file = write("broken", t);

        var e = assertThrows(StateDictException.class,
                () -> SingleFileCheckpoint.load(file, fixtureConfigs("tiny", "tiny", TextEncoderSingleFileTest.quickGelu())));
        LoadReport r = e.report();
        String msg = e.getMessage();
        assertTrue(msg.contains(file.toString()), msg);
        assertEquals(1, r.missing().size(), msg);
        assertTrue(r.missing().get(0).contains("unet down_blocks.0.resnets.0.conv1.weight [32, 32, 3, 3]"), msg);
        assertTrue(r.missing().get(0).contains("model.diffusion_model.input_blocks.1.0.in_layers.2.weight"), msg);
        assertEquals(2, r.unexpected().size(), msg); // schedule buffers, EMA and position_ids are not reported
        assertTrue(msg.contains("model.diffusion_model.input_blocks.1.0.bogus.weight F32[3, 5]"), msg);
        assertTrue(msg.contains("mystery F32[2]"), msg);
        assertEquals(1, r.shapeMismatches().size(), msg);
        assertTrue(r.shapeMismatches().get(0).contains("vae decoder.conv_norm_out.bias [24]"), msg);
        assertTrue(r.shapeMismatches().get(0).contains("first_stage_model.decoder.norm_out.bias F32[7]"), msg);
    }

    @Test
    void loadingOneComponentIgnoresTheOthers() {
        Path file = write("sd1", sd1Style());
        try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
            SingleFileFixtures.checkVae(c.loadVae(VaeSingleFileTest.config("tiny")), "tiny");
        }
    }

    @Test
    void fp16AndBf16WeightsBecomeFp32() {
        Path file = write("half", SingleFileFixtures.merge(
                LdmFixtureWriter.cast(SingleFileFixtures.unetLdm("tiny"), ScalarType.Half),
                LdmFixtureWriter.cast(SingleFileFixtures.vaeLdm("tiny", LdmFixtureWriter.VAE), ScalarType.BFloat16)));
        try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
            UNet2DConditionModel unet = c.loadUnet(fixtureConfigs("tiny", "tiny", null).unet());
            assertRounded(unet, SingleFileFixtures.unetWeights("tiny"), ScalarType.Half);
            AutoencoderKL vae = c.loadVae(VaeSingleFileTest.config("tiny"));
            assertRounded(vae, SingleFileFixtures.vaeWeights("tiny"), ScalarType.BFloat16);
        }
    }

    /** Every parameter is fp32 and equals the fixture value rounded through {@code stored}. */
    private static void assertRounded(Module m, Path fixture, ScalarType stored) {
        Map<String, Tensor> ref = LdmFixtureWriter.read(fixture);
        m.stateDict().forEach((k, t) -> {
            assertTrue(Tensors.isFloat32(t), k + " is " + t.scalar_type());
            float[] expected = Tensors.toFloats(ref.get(k).to(stored));
            assertTrue(Arrays.equals(expected, Tensors.toFloats(t)), k + " is not the " + stored + " value widened to fp32");
        });
    }
}
