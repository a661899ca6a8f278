package dev.petal.models.loading;

import dev.petal.models.vae.AutoencoderKL;
import dev.petal.models.vae.VaeConfig;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both VAE fixtures load from the original layout (in a full checkpoint or standalone) and match diffusers. */
class VaeSingleFileTest {
    @TempDir
    Path tmp;

    static VaeConfig config(String cfg) {
        return VaeConfig.load(SingleFileFixtures.vaeDir(cfg).resolve("model/config.json"));
    }

    private AutoencoderKL load(String cfg, String prefix) {
        Path file = tmp.resolve(cfg + (prefix.isEmpty() ? "-standalone" : "") + ".safetensors");
        LdmFixtureWriter.write(file, SingleFileFixtures.vaeLdm(cfg, prefix));
        try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
            return c.loadVae(config(cfg));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVaeFixture() {
        return Stream.of("tiny", "sd_style").map(cfg -> DynamicTest.dynamicTest(cfg, () -> {
            AutoencoderKL vae = load(cfg, LdmFixtureWriter.VAE);
            SingleFileFixtures.assertSameWeights(vae, SingleFileFixtures.vaeWeights(cfg));
            SingleFileFixtures.checkVae(vae, cfg);
        }));
    }

    @Test
    void standaloneLdmVaeWithoutPrefix() {
        AutoencoderKL vae = load("sd_style", "");
        SingleFileFixtures.checkVae(vae, "sd_style");
    }

    @Test
    void deprecatedDiffusersAttentionNames() {
        Map<String, String> old = Map.of(".to_q.", ".query.", ".to_k.", ".key.", ".to_v.", ".value.", ".to_out.0.", ".proj_attn.");
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        LdmFixtureWriter.read(SingleFileFixtures.vaeWeights("tiny")).forEach((k, t) -> {
            String n = k;
            for (var e : old.entrySet()) if (k.contains("mid_block.attentions.0" + e.getKey())) n = k.replace(e.getKey(), e.getValue());
            renamed.put(n, t);
        });
        Path file = tmp.resolve("old-names.safetensors");
        LdmFixtureWriter.write(file, renamed);
        AutoencoderKL vae = new AutoencoderKL(config("tiny"));
        try (TensorSource weights = DeprecatedVaeNames.view(Checkpoints.open(file))) {
            vae.loadStateDict(weights, true);
        }
        SingleFileFixtures.checkVae(vae, "tiny");
    }

    @Test
    void deprecatedNameRenaming() {
        assertEquals("decoder.mid_block.attentions.0.to_q.weight", DeprecatedVaeNames.rename("decoder.mid_block.attentions.0.query.weight"));
        assertEquals("encoder.mid_block.attentions.0.to_out.0.bias", DeprecatedVaeNames.rename("encoder.mid_block.attentions.0.proj_attn.bias"));
        assertEquals("encoder.mid_block.attentions.0.group_norm.weight", DeprecatedVaeNames.rename("encoder.mid_block.attentions.0.group_norm.weight"));
        assertEquals("encoder.mid_block.attentions.0.to_k.weight", DeprecatedVaeNames.rename("encoder.mid_block.attentions.0.to_k.weight"));
        assertEquals("decoder.up_blocks.0.resnets.0.key.weight", DeprecatedVaeNames.rename("decoder.up_blocks.0.resnets.0.key.weight"));
    }
}
