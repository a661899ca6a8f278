package dev.petal.models.loading;

import dev.petal.models.loading.LdmFixtureKeys.Block;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes fixture models in the original single-file layout, following {@link LdmFixtureKeys}. */
final class LdmFixtureWriter {
    static final String UNET = "model.diffusion_model.";
    static final String VAE = "first_stage_model.";
    static final String CLIP = "cond_stage_model.transformer.";
    static final String OPEN_CLIP = "cond_stage_model.model.";

    private LdmFixtureWriter() {
    }

    /** Every tensor of a safetensors file, in its stored dtype. */
    static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String n : f.names()) out.put(n, Tensors.load(f, n));
        }
        return out;
    }

    static void write(Path file, Map<String, Tensor> tensors) {
        Tensors.save(file, tensors, Map.of("format", "pt"));
    }

    /** The tensors converted to {@code type} (floating ones only). */
    static Map<String, Tensor> cast(Map<String, Tensor> tensors, ScalarType type) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> out.put(n, t.is_floating_point() ? t.to(type) : t));
        return out;
    }

    /** Renames every key by the block whose diffusers prefix is the longest match; every block must be used. */
    static Map<String, Tensor> toLdm(Map<String, Tensor> diffusers, List<Block> blocks, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Block> used = new HashSet<>();
        for (Map.Entry<String, Tensor> e : diffusers.entrySet()) {
            String key = e.getKey();
            Block block = null;
            for (Block b : blocks) {
                if (key.startsWith(b.diffusers() + ".") && (block == null || b.diffusers().length() > block.diffusers().length())) block = b;
            }
            assertNotNull(block, "no hand-written block for " + key);
            used.add(block);
            String rest = key.substring(block.diffusers().length() + 1);
            Tensor t = e.getValue();
            String inner = switch (block.kind()) {
                case SAME_INNER -> rest;
                case UNET_RESNET -> renameFirst(rest, LdmFixtureKeys.UNET_RESNET_INNER);
                case VAE_RESNET -> renameFirst(rest, LdmFixtureKeys.VAE_RESNET_INNER);
                case VAE_ATTENTION -> {
                    int dot = rest.lastIndexOf('.');
                    String module = LdmFixtureKeys.VAE_ATTENTION_INNER.get(rest.substring(0, dot));
                    assertNotNull(module, "VAE attention part " + rest);
                    if (t.dim() == 2) t = t.reshape(t.size(0), t.size(1), 1, 1); // LDM stores 1×1 convs
                    yield module + rest.substring(dot);
                }
            };
            assertTrue(out.put(prefix + block.ldm() + "." + inner, t) == null, "two keys map to " + block.ldm() + "." + inner);
        }
        assertEquals(blocks.size(), used.size(), "hand-written blocks that match no key: "
                + blocks.stream().filter(b -> !used.contains(b)).toList());
        return out;
    }

    private static String renameFirst(String rest, Map<String, String> names) {
        int dot = rest.indexOf('.');
        String now = names.get(rest.substring(0, dot));
        assertNotNull(now, "resnet part " + rest);
        return now + rest.substring(dot);
    }

    /**
     * The CLIP text encoder in SD 2.x's OpenCLIP form: q/k/v fused by rows into in_proj, one extra (unused)
     * last layer as in SD 2's 24-layer tower, text_projection and logit_scale.
     */
    static Map<String, Tensor> openClip(Map<String, Tensor> clip, int layers) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<String> consumed = new HashSet<>();
        LdmFixtureKeys.OPENCLIP_TOP.forEach((d, l) -> {
            out.put(OPEN_CLIP + l, clip.get(d));
            consumed.add(d);
        });
        for (int i = 0; i <= layers; i++) {
            int from = i < layers ? i : 0; // the extra layer repeats layer 0's weights
            String d = "text_model.encoder.layers." + from + ".";
            String l = OPEN_CLIP + "transformer.resblocks." + i + ".";
            for (String param : List.of("weight", "bias")) {
                LdmFixtureKeys.OPENCLIP_LAYER.forEach((dm, lm) -> out.put(l + lm + "." + param, clip.get(d + dm + "." + param)));
                TensorVector qkv = new TensorVector(clip.get(d + "self_attn.q_proj." + param),
                        clip.get(d + "self_attn.k_proj." + param), clip.get(d + "self_attn.v_proj." + param));
                out.put(l + "attn.in_proj_" + param, torch.cat(qkv, 0));
                if (i < layers) {
                    for (String m : List.of("q_proj", "k_proj", "v_proj")) consumed.add(d + "self_attn." + m + "." + param);
                    LdmFixtureKeys.OPENCLIP_LAYER.keySet().forEach(dm -> consumed.add(d + dm + "." + param));
                }
            }
        }
        long width = clip.get("text_model.final_layer_norm.weight").size(0);
        out.put(OPEN_CLIP + "text_projection", torch.randn(width, width));
        out.put(OPEN_CLIP + "logit_scale", Tensors.fromFloats(new float[] {4.6052f}));
        assertEquals(clip.keySet(), consumed, "every CLIP tensor has an OpenCLIP place");
        return out;
    }

    /** Keys a real SD checkpoint carries besides the three models: schedule buffers and the EMA bookkeeping. */
    static Map<String, Tensor> extras() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("betas", torch.randn(1000));
        out.put("alphas_cumprod", torch.randn(1000));
        out.put("model_ema.num_updates", Tensors.fromLongs(new long[] {7}));
        return out;
    }

    /** transformers' position_ids buffer as SD 1.x checkpoints store it (int64 [1, 77]). */
    static Tensor positionIds() {
        long[] ids = new long[77];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        return Tensors.fromLongs(ids, 1, 77);
    }
}
