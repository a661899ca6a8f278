package dev.petal.adapters.lora;

import dev.petal.Fixtures;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.Linear;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad LoRA files fail before anything is attached, with one message naming the file and every offending key. */
class LoraErrorsTest {
    static final String Q = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q";
    static final String KOHYA_Q = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";

    @TempDir
    Path tmp;

    /** A copy of a fixture file with edited tensors and the given metadata (null: the original's). */
    Path edited(Path fixtureFile, String name, Consumer<Map<String, Tensor>> edit, Map<String, String> metadata) {
        Map<String, Tensor> t = new LinkedHashMap<>(LoraFixtures.tensors(fixtureFile));
        edit.accept(t);
        Path out = tmp.resolve(name);
        Tensors.save(out, t, metadata != null ? metadata : LoraFixtures.metadata(fixtureFile));
        return out;
    }

    /** The peft folder with edited weights and config text. */
    Path peft(Consumer<Map<String, Tensor>> edit, String configFrom, String configTo) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("peft"));
        Path weights = LoraFixtures.PEFT.resolve("adapter_model.safetensors");
        Files.move(edited(weights, "w.safetensors", edit, null), dir.resolve("adapter_model.safetensors"));
        String cfg = Files.readString(LoraFixtures.PEFT.resolve(LoraFile.PEFT_CONFIG));
        assertTrue(cfg.contains(configFrom), configFrom);
        Files.writeString(dir.resolve(LoraFile.PEFT_CONFIG), cfg.replace(configFrom, configTo));
        return dir;
    }

    LoraFileException fails(Path file, String... expected) {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        LoraFileException e = assertThrows(LoraFileException.class, () -> Lora.load(file, unet));
        assertTrue(e.getMessage().contains(LoraFile.weightsFile(file).toString()) || e.getMessage().contains(file.toString()),
                "names the file: " + e.getMessage());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        unet.namedModules().values().forEach(m -> {
            if (m instanceof Linear l) assertEquals(null, l.delta(), "nothing attached after a failed load");
        });
        assertTrue(unet.namedParameters().keySet().stream().noneMatch(k -> k.contains(".lora.")));
        return e;
    }

    @Test
    void unknownModulesTextEncoderKeysAndConvLayersAreListedTogether() {
        Path f = edited(LoraFixtures.KOHYA, "bad.safetensors", t -> {
            t.put("lora_unet_down_blocks_7_attentions_0_proj.lora_down.weight", t.get(KOHYA_Q + ".lora_down.weight"));
            t.put("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight", t.get(KOHYA_Q + ".lora_down.weight"));
            t.put("lora_unet_conv_in.lora_down.weight", t.get(KOHYA_Q + ".lora_down.weight"));
            t.put("lora_unet_" + "mid_block_attentions_0_transformer_blocks_0_attn1_to_k.hada_w1_a", t.get(KOHYA_Q + ".lora_down.weight"));
        }, null);
        LoraFileException e = fails(f, "kohya layout",
                "keys of modules this model does not have: 1", "lora_unet_down_blocks_7_attentions_0_proj.lora_down.weight",
                "text-encoder keys (Petal applies LoRA to the UNet only): 1", "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight",
                "not Linear layers", "lora_unet_conv_in.lora_down.weight (Conv2d)",
                "not LoRA keys of this layout", "hada_w1_a");
        assertEquals(4, e.items().size());
        System.out.println("lora error message example:\n" + e.getMessage());
    }

    @Test
    void shapeMismatchesNameBothKeysAndTheExpectedShapes() throws IOException {
        Path dir = peft(t -> t.put(Q + ".lora_A.weight", t.get(Q + ".lora_A.weight").t().contiguous()), "\"r\": 2", "\"r\": 2");
        fails(dir, "shape mismatches: 1", Q + ".lora_A.weight [32, 2], " + Q + ".lora_B.weight [32, 2]: expected [r, 32] and [32, r]");
    }

    @Test
    void configRankMustAgreeWithTheTensors() throws IOException {
        fails(peft(t -> { }, "\"r\": 2", "\"r\": 4"), "rank 2 in the tensors, r = 4 in the config");
    }

    @Test
    void incompleteModules() {
        Path f = edited(LoraFixtures.DIFFUSERS, "incomplete.safetensors", t -> t.remove("unet." + Q + ".lora_B.weight"), null);
        fails(f, "incomplete modules: 1", Q + ": no B (up) tensor beside [unet." + Q + ".lora_A.weight]");
    }

    @Test
    void peftNeedsItsConfigForAlpha() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("noconfig"));
        Files.copy(LoraFixtures.PEFT.resolve("adapter_model.safetensors"), dir.resolve("adapter_model.safetensors"));
        fails(dir, "alpha problems", "no adapter_config.json next to the weights");
        fails(peft(t -> { }, "\"lora_alpha\": 6,", ""), "adapter_config.json has no numeric lora_alpha");
    }

    @Test
    void diffusersMetadataWithoutAlphaIsAnError() {
        String meta = LoraFixtures.metadata(LoraFixtures.DIFFUSERS).get(LoraFile.DIFFUSERS_METADATA);
        String noAlpha = meta.replace("\"unet.lora_alpha\": 6,", "");
        Path f = edited(LoraFixtures.DIFFUSERS, "noalpha.safetensors", t -> { }, Map.of("format", "pt", LoraFile.DIFFUSERS_METADATA, noAlpha));
        fails(f, "__metadata__ lora_adapter_metadata has no numeric lora_alpha");
    }

    @Test
    void doraAndNonScalarAlphaAreRefused() throws IOException {
        fails(peft(t -> { }, "\"use_dora\": false", "\"use_dora\": true"), "use_dora (DoRA is not supported)");
        Path f = edited(LoraFixtures.KOHYA, "vecalpha.safetensors",
                t -> t.put(KOHYA_Q + ".alpha", Tensors.fromFloats(new float[]{6, 6}, 2)), null);
        fails(f, KOHYA_Q + ".alpha: F32 [2], expected a float scalar");
    }

    @Test
    void aModelFileIsNotALoraFile() {
        Path unet = Fixtures.sd().resolve("unet/tiny/model/diffusion_pytorch_model.safetensors");
        LoraFileException e = assertThrows(LoraFileException.class, () -> Lora.detect(unet));
        assertTrue(e.getMessage().contains("not a LoRA file") && e.getMessage().contains(unet.toString()), e.getMessage());
    }

    @Test
    void aSecondLoraOnTheSameLayersIsRefused() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        Lora.load(LoraFixtures.KOHYA, unet);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Lora.load(LoraFixtures.PEFT, unet));
        assertTrue(e.getMessage().contains("already carrying a LoRA") && e.getMessage().contains(Q), e.getMessage());
    }
}
