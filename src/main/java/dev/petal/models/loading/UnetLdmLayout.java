package dev.petal.models.loading;

import dev.petal.models.unet.UNetConfig;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UNet under {@code model.diffusion_model.}: diffusers' {@code convert_ldm_unet_checkpoint} rules, expressed
 * per diffusers key. The LDM UNet numbers its blocks sequentially: {@code input_blocks.0} is conv_in, then per
 * level {@code layers_per_block} blocks of (resnet {@code .0}, attention {@code .1}) and, except on the last
 * level, one downsampler block ({@code .0.op}); {@code middle_block.0/1/2} = resnet, attention, resnet;
 * {@code output_blocks} hold {@code layers_per_block + 1} blocks per up level, whose upsampler follows the
 * resnet (or the attention) of the level's last block as {@code .1.conv} (or {@code .2.conv}). Attention blocks
 * keep their inner names (SD 2's linear {@code proj_in/proj_out} included); resnets rename
 * {@code in_layers.0 → norm1}, {@code in_layers.2 → conv1}, {@code emb_layers.1 → time_emb_proj},
 * {@code out_layers.0 → norm2}, {@code out_layers.3 → conv2}, {@code skip_connection → conv_shortcut}.
 */
public final class UnetLdmLayout implements LdmLayout {
    public static final String PREFIX = "model.diffusion_model.";

    private static final Map<String, String> TOP = Map.of(
            "time_embedding.linear_1", "time_embed.0",
            "time_embedding.linear_2", "time_embed.2",
            "conv_in", "input_blocks.0.0",
            "conv_norm_out", "out.0",
            "conv_out", "out.2");
    private static final Map<String, String> RESNET = Map.of(
            "norm1", "in_layers.0",
            "conv1", "in_layers.2",
            "time_emb_proj", "emb_layers.1",
            "norm2", "out_layers.0",
            "conv2", "out_layers.3",
            "conv_shortcut", "skip_connection");
    private static final Pattern BLOCK = Pattern.compile("(down|up)_blocks\\.(\\d+)\\.(resnets|attentions|downsamplers|upsamplers)\\.(\\d+)\\.(.+)");
    private static final Pattern MID = Pattern.compile("mid_block\\.(resnets|attentions)\\.(\\d+)\\.(.+)");

    private final UNetConfig config;
    private final int[] firstInput;  // per level: its first input block
    private final int[] firstOutput; // per up block: its first output block

    public UnetLdmLayout(UNetConfig config) {
        this.config = config;
        int n = config.levels();
        List<Integer> layers = config.layersPerBlock();
        firstInput = new int[n];
        firstOutput = new int[n];
        for (int l = 0, in = 1, out = 0; l < n; l++) {
            firstInput[l] = in;
            firstOutput[l] = out;
            in += layers.get(l) + 1;
            out += layers.get(n - 1 - l) + 1;
        }
    }

    @Override
    public String scope() {
        return PREFIX;
    }

    @Override
    public LdmSource source(String key) {
        String ldm = ldmName(key);
        return ldm == null ? null : LdmSource.whole(PREFIX + ldm);
    }

    private String ldmName(String key) {
        int dot = key.lastIndexOf('.');
        String top = dot < 0 ? null : TOP.get(key.substring(0, dot));
        if (top != null) return top + key.substring(dot);
        Matcher m = BLOCK.matcher(key);
        if (m.matches()) {
            boolean down = m.group(1).equals("down");
            int b = Integer.parseInt(m.group(2)), j = Integer.parseInt(m.group(4));
            return down ? inputBlock(b, m.group(3), j, m.group(5)) : outputBlock(b, m.group(3), j, m.group(5));
        }
        m = MID.matcher(key);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(2));
            return m.group(1).equals("resnets") ? resnet("middle_block." + 2 * k, m.group(3))
                    : "middle_block." + (2 * k + 1) + "." + m.group(3);
        }
        return null;
    }

    private String inputBlock(int level, String kind, int j, String rest) {
        int block = firstInput[level] + j;
        return switch (kind) {
            case "resnets" -> resnet("input_blocks." + block + ".0", rest);
            case "attentions" -> "input_blocks." + block + ".1." + rest;
            case "downsamplers" -> j == 0 && rest.startsWith("conv.")
                    ? "input_blocks." + (firstInput[level] + config.layersPerBlock().get(level)) + ".0.op." + rest.substring(5) : null;
            default -> null;
        };
    }

    private String outputBlock(int upBlock, String kind, int j, String rest) {
        int block = firstOutput[upBlock] + j;
        return switch (kind) {
            case "resnets" -> resnet("output_blocks." + block + ".0", rest);
            case "attentions" -> "output_blocks." + block + ".1." + rest;
            case "upsamplers" -> {
                if (j != 0 || !rest.startsWith("conv.")) yield null;
                int last = firstOutput[upBlock] + config.layersPerBlock().get(config.levels() - 1 - upBlock);
                int index = config.upBlockTypes().get(upBlock).startsWith("CrossAttn") ? 2 : 1;
                yield "output_blocks." + last + "." + index + ".conv." + rest.substring(5);
            }
            default -> null;
        };
    }

    private static String resnet(String block, String rest) {
        int dot = rest.indexOf('.');
        String part = dot < 0 ? null : RESNET.get(rest.substring(0, dot));
        return part == null ? null : block + "." + part + rest.substring(dot);
    }
}
