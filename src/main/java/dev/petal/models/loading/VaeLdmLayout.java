package dev.petal.models.loading;

import dev.petal.models.vae.VaeConfig;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VAE under {@code first_stage_model.} (or unprefixed, as in a standalone LDM VAE file): diffusers'
 * {@code convert_ldm_vae_checkpoint} rules per diffusers key. {@code encoder.down.N.block.M} and
 * {@code .downsample.conv}; {@code decoder.up.N} in <em>reversed</em> order (LDM counts up levels from the
 * lowest resolution); {@code mid.block_1 / attn_1 / block_2}; {@code norm_out}; {@code nin_shortcut}; the
 * mid attention's {@code norm, q, k, v, proj_out} as {@code group_norm, to_q, to_k, to_v, to_out.0} (their
 * 1×1-conv weights [C, C, 1, 1] are reshaped to [C, C] on load).
 */
public final class VaeLdmLayout implements LdmLayout {
    public static final String PREFIX = "first_stage_model.";

    private static final Pattern BLOCK = Pattern.compile("(encoder\\.down|decoder\\.up)_blocks\\.(\\d+)\\.(resnets|downsamplers|upsamplers)\\.(\\d+)\\.(.+)");
    private static final Pattern MID = Pattern.compile("(encoder|decoder)\\.mid_block\\.(resnets|attentions)\\.(\\d+)\\.(.+)");
    private static final Set<String> RESNET_PARTS = Set.of("norm1", "conv1", "norm2", "conv2", "conv_shortcut");
    private static final Map<String, String> ATTENTION = Map.of(
            "group_norm", "norm", "to_q", "q", "to_k", "k", "to_v", "v", "to_out.0", "proj_out");
    private static final Pattern PARAM = Pattern.compile("(.+)\\.(weight|bias)");

    private final String prefix;
    private final int levels;

    /** @param prefix {@link #PREFIX} inside a full SD checkpoint, "" for a standalone LDM VAE file */
    public VaeLdmLayout(VaeConfig config, String prefix) {
        this.prefix = prefix;
        this.levels = config.blockOutChannels().size();
    }

    @Override
    public String scope() {
        return prefix;
    }

    @Override
    public LdmSource source(String key) {
        String ldm = ldmName(key);
        return ldm == null ? null : LdmSource.whole(prefix + ldm);
    }

    private String ldmName(String key) {
        for (String coder : new String[] {"encoder.", "decoder."}) {
            String normOut = coder + "conv_norm_out.";
            if (key.startsWith(normOut)) return coder + "norm_out." + key.substring(normOut.length());
            if (key.startsWith(coder + "conv_in.") || key.startsWith(coder + "conv_out.")) return key;
        }
        if (key.startsWith("quant_conv.") || key.startsWith("post_quant_conv.")) return key;
        Matcher m = BLOCK.matcher(key);
        if (m.matches()) {
            boolean encoder = m.group(1).startsWith("encoder");
            int i = Integer.parseInt(m.group(2)), j = Integer.parseInt(m.group(4));
            String level = encoder ? "encoder.down." + i : "decoder.up." + (levels - 1 - i);
            return switch (m.group(3)) {
                case "resnets" -> resnet(level + ".block." + j, m.group(5));
                case "downsamplers" -> encoder && j == 0 ? level + ".downsample." + m.group(5) : null;
                case "upsamplers" -> !encoder && j == 0 ? level + ".upsample." + m.group(5) : null;
                default -> null;
            };
        }
        m = MID.matcher(key);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(3));
            String mid = m.group(1) + ".mid.";
            if (m.group(2).equals("resnets")) return resnet(mid + "block_" + (k + 1), m.group(4));
            Matcher p = PARAM.matcher(m.group(4));
            String part = k == 0 && p.matches() ? ATTENTION.get(p.group(1)) : null;
            return part == null ? null : mid + "attn_1." + part + "." + p.group(2);
        }
        return null;
    }

    private static String resnet(String block, String rest) {
        int dot = rest.indexOf('.');
        if (dot < 0 || !RESNET_PARTS.contains(rest.substring(0, dot))) return null;
        return block + "." + rest.replaceFirst("^conv_shortcut\\.", "nin_shortcut.");
    }
}
