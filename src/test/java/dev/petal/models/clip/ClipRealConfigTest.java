package dev.petal.models.clip;

import dev.petal.nn.Init;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The openai CLIP checkpoints' config.json files load unchanged and build the published architectures. */
class ClipRealConfigTest {
    static final Path DIR = Path.of("src/test/fixtures/eval-configs");

    static ClipModel onMeta(ClipModelConfig c) {
        return Init.onDevice(new Device("meta"), () -> new ClipModel(c));
    }

    @Test
    void clipVitBasePatch32() {
        ClipModelConfig c = ClipModelConfig.load(DIR.resolve("clip-vit-base-patch32-config.json"));
        assertEquals(new ClipVisionConfig(768, 3072, 12, 12, 3, 224, 32, "quick_gelu", 1e-5, 512), c.vision());
        assertEquals(512, c.text().hiddenSize());
        assertEquals(8, c.text().numAttentionHeads());
        assertEquals(2, c.text().eosTokenId());
        assertEquals(512, c.projectionDim());
        assertEquals(151_277_313L, onMeta(c).parameterCount());
    }

    @Test
    void clipVitLargePatch14WithLegacyConfigDicts() {
        ClipModelConfig c = ClipModelConfig.load(DIR.resolve("clip-vit-large-patch14-config.json"));
        assertEquals(new ClipVisionConfig(1024, 4096, 24, 16, 3, 224, 14, "quick_gelu", 1e-5, 768), c.vision());
        assertEquals(768, c.text().hiddenSize());
        assertEquals(12, c.text().numHiddenLayers());
        assertEquals(768, c.projectionDim());
        assertEquals(427_616_513L, onMeta(c).parameterCount());
    }
}
