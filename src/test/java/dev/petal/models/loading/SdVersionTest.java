package dev.petal.models.loading;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telling SD 1.x from 2.x by the cross-attention width, and the bundled configs each version gets. */
class SdVersionTest {
    @TempDir
    Path tmp;

    /** A header-only stand-in for a real checkpoint: one cross-attention key of the given width, and a text key. */
    private Path checkpoint(String probe, long width, String textKey) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put(UnetLdmLayout.PREFIX + probe, torch.zeros(new long[] {4, width}, Tensors.options(ScalarType.Half, null)));
        if (textKey != null) t.put(textKey, torch.randn(8));
        Path file = tmp.resolve(probe.hashCode() + "-" + width + ".safetensors");
        LdmFixtureWriter.write(file, t);
        return file;
    }

    private SingleFileCheckpoint.Spec resolve(Path file, LoadOptions o) {
        try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
            return c.resolve(o);
        }
    }

    @Test
    void sd1ByContextWidth768() {
        Path f = checkpoint("input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 768,
                ClipLdmLayout.PREFIX + "text_model.final_layer_norm.weight");
        var s = resolve(f, LoadOptions.defaults());
        assertEquals(SdVersion.V1, s.version());
        assertEquals(SingleFileCheckpoint.EPSILON, s.predictionType());
        assertEquals(768, s.unet().crossAttentionDim());
        assertEquals(List.of(320, 640, 1280, 1280), s.unet().blockOutChannels());
        assertFalse(s.unet().useLinearProjection());
        assertEquals(List.of(128, 256, 512, 512), s.vae().blockOutChannels());
        assertEquals(768, s.textEncoder().hiddenSize());
        assertEquals(12, s.textEncoder().numHiddenLayers());
        assertEquals("quick_gelu", s.textEncoder().hiddenAct());
        assertTrue(SingleFileCheckpoint.isOriginalLayout(f));
    }

    @Test
    void sd2ByContextWidth1024DefaultsToVPrediction() {
        Path f = checkpoint("input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 1024, OpenClipLdmLayout.PREFIX + "ln_final.weight");
        var s = resolve(f, LoadOptions.defaults());
        assertEquals(SdVersion.V2, s.version());
        assertEquals(SingleFileCheckpoint.V_PREDICTION, s.predictionType());
        assertEquals(1024, s.unet().crossAttentionDim());
        assertTrue(s.unet().useLinearProjection());
        assertEquals(1024, s.textEncoder().hiddenSize());
        assertEquals(23, s.textEncoder().numHiddenLayers());
        assertEquals("gelu", s.textEncoder().hiddenAct());
        assertEquals(SingleFileCheckpoint.EPSILON, resolve(f, LoadOptions.defaults().withPredictionType("epsilon")).predictionType());
    }

    @Test
    void anyCrossAttentionKeyServesWhenTheUsualOneIsAbsent() {
        Path f = checkpoint("middle_block.1.transformer_blocks.0.attn2.to_k.weight", 768, null);
        assertEquals(SdVersion.V1, resolve(f, LoadOptions.defaults()).version());
    }

    @Test
    void unknownWidthNeedsAVersionOrConfigs() {
        Path f = checkpoint("input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 24, null);
        var e = assertThrows(IllegalArgumentException.class, () -> resolve(f, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("width is 24, neither 768 (SD 1.x) nor 1024 (SD 2.x)"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(SdVersion.V2, resolve(f, LoadOptions.defaults().withVersion(SdVersion.V2)).version());
        var s = resolve(f, SingleFileCheckpointTest.fixtureConfigs("tiny", "tiny", TextEncoderSingleFileTest.quickGelu()));
        assertNull(s.version());
        assertEquals(SingleFileCheckpoint.EPSILON, s.predictionType());
        assertEquals(24, s.unet().crossAttentionDim());
    }

    @Test
    void diffusersFilesAreNotOriginalLayout() {
        assertFalse(SingleFileCheckpoint.isOriginalLayout(SingleFileFixtures.unetWeights("tiny")));
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions(null, "sample", null, null, null));
    }
}
