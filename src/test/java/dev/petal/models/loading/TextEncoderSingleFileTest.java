package dev.petal.models.loading;

import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.clip.ClipTextModel;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CLIP fixture loads from SD 1.x's CLIP form (both spellings) and SD 2.x's OpenCLIP form. */
class TextEncoderSingleFileTest {
    @TempDir
    Path tmp;

    private ClipTextModel load(String name, Map<String, Tensor> tensors, ClipTextConfig config) {
        Path file = tmp.resolve(name + ".safetensors");
        LdmFixtureWriter.write(file, tensors);
        try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
            return c.loadTextEncoder(config);
        }
    }

    static ClipTextConfig quickGelu() {
        return ClipTextConfig.load(SingleFileFixtures.clipDir().resolve("text_encoder/config.json"));
    }

    @Test
    void sd1ClipForm() {
        ClipTextModel m = load("clip", SingleFileFixtures.clipLdm(), quickGelu());
        SingleFileFixtures.assertSameWeights(m, SingleFileFixtures.clipWeights());
        SingleFileFixtures.checkText(m, "");
    }

    @Test
    void sd1ClipFormWithoutTextModelLevel() {
        Map<String, Tensor> legacy = new LinkedHashMap<>();
        String level = LdmFixtureWriter.CLIP + "text_model.";
        SingleFileFixtures.clipLdm().forEach((k, t) -> legacy.put(k.replace(level, LdmFixtureWriter.CLIP), t));
        SingleFileFixtures.checkText(load("clip-legacy", legacy, quickGelu()), "");
    }

    @Test
    void sd2OpenClipFormSplitsInProjAndSkipsTheLastLayer() {
        ClipTextConfig gelu = ClipTextConfig.load(SingleFileFixtures.clipDir().resolve("config_gelu_variant.json"));
        ClipTextModel m = load("openclip", SingleFileFixtures.openClipLdm(), gelu);
        SingleFileFixtures.assertSameWeights(m, SingleFileFixtures.clipWeights());
        SingleFileFixtures.checkText(m, "gelu.");
    }
}
