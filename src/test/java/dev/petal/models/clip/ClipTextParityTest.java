package dev.petal.models.clip;

import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** CLIPTextModel outputs (quick_gelu and gelu, masks, SD2 padding, clip skip) at 1e-4 against transformers. */
class ClipTextParityTest {
    static final double TOL = 1e-4;
    static Path dir;
    static SafetensorsFile io;
    static ClipTextModel quick;
    static ClipTextModel gelu;

    @BeforeAll
    static void load() {
        dir = Fixtures.sd().resolve("clip");
        io = SafetensorsFile.open(dir.resolve("text_encoder_outputs.safetensors"));
        quick = ClipTextModel.load(dir.resolve("text_encoder"));
        gelu = ClipTextModel.load(dir.resolve("text_encoder"), ClipTextConfig.load(dir.resolve("config_gelu_variant.json")));
    }

    @AfterAll
    static void close() {
        io.close();
    }

    @Test
    void quickGeluOutputsAndHiddenStates() {
        try (NoGrad g = NoGrad.open()) {
            var out = quick.forward(Tensors.load(io, "input_ids"), null);
            Parity.assertClose("last_hidden_state", out.lastHiddenState(), io, "last_hidden_state", TOL);
            Parity.assertClose("pooler_output", out.pooled(), io, "pooler_output", TOL);
            for (int k = 0; k < out.hiddenStates().size(); k++) {
                Parity.assertClose("hidden_states." + k, out.hiddenStates().get(k), io, "hidden_states." + k, TOL);
            }
            Parity.assertClose("clip_skip1", quick.textModel.promptEmbeds(out, 1), io, "clip_skip1.prompt_embeds", TOL);
        }
    }

    @Test
    void paddingMaskOnTopOfTheCausalMask() {
        try (NoGrad g = NoGrad.open()) {
            var out = quick.forward(Tensors.load(io, "input_ids"), Tensors.load(io, "attention_mask"));
            Parity.assertClose("masked last_hidden_state", out.lastHiddenState(), io, "last_hidden_state_with_attention_mask", TOL);
            Parity.assertClose("masked pooler_output", out.pooled(), io, "pooler_output_with_attention_mask", TOL);
        }
    }

    @Test
    void geluVariantAndSd2Padding() {
        try (NoGrad g = NoGrad.open()) {
            var out = gelu.forward(Tensors.load(io, "input_ids"), null);
            Parity.assertClose("gelu last", out.lastHiddenState(), io, "gelu.last_hidden_state", TOL);
            Parity.assertClose("gelu pooled", out.pooled(), io, "gelu.pooler_output", TOL);
            Parity.assertClose("gelu hidden_states.2", out.hiddenStates().get(2), io, "gelu.hidden_states.2", TOL);
            Tensor sd2 = Tensors.load(io, "sd2pad.input_ids");
            var o2 = gelu.forward(sd2, null);
            Parity.assertClose("sd2 last", o2.lastHiddenState(), io, "sd2pad.gelu.last_hidden_state", TOL);
            Parity.assertClose("sd2 pooled", o2.pooled(), io, "sd2pad.gelu.pooler_output", TOL);
            Parity.assertClose("sd2 penultimate", gelu.textModel.promptEmbeds(o2, 1), io, "sd2pad.gelu.penultimate_final_ln", TOL);
        }
    }
}
